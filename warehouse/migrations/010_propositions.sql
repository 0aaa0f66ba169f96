-- 010: propositions — each claim row is one proposition (split after attribution: list items and
-- coordinated clauses are rows of their own that share the attribution_id), with its structure:
-- who did what to whom (actor and side, predicate lemma and class, target and side), when, polarity, hedge.
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS actor VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS actor_side VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS predicate VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS predicate_class VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS target VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS target_side VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS time_text VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS polarity VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS hedge VARCHAR;
