-- 006: claimants — each claim's claimant kind and side (the country or body it speaks for),
-- a speaker's side, and each mention's figure in the history.
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS claimant_kind VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS side VARCHAR;
ALTER TABLE speaker_store ADD COLUMN IF NOT EXISTS side VARCHAR;
