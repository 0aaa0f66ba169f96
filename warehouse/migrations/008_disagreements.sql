-- 008: a contradiction is one disagreement with every mention on each side.
-- contradiction_store keeps one row per disagreement (claim_id_a/b: one representative pair);
-- contradiction_mention holds every claim that takes part and the side it takes (the value or
-- position it states). group_key names what is disagreed about (kind and thing), so mentions met in
-- later runs attach to the row (and to its review decision); confidence rates it 0..1; queued is
-- whether it belongs in the default review queue (else it is a possible contradiction).
ALTER TABLE contradiction_store ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE contradiction_store ADD COLUMN IF NOT EXISTS group_key VARCHAR;
ALTER TABLE contradiction_store ADD COLUMN IF NOT EXISTS queued BOOLEAN DEFAULT true;

CREATE TABLE IF NOT EXISTS contradiction_mention (
    contradiction_id  BIGINT NOT NULL,
    claim_id          BIGINT NOT NULL,
    side              VARCHAR NOT NULL,      -- the value or position this mention takes ("$12 million")
    run_id            BIGINT,                -- the run that attached it
    added_at          TIMESTAMP DEFAULT current_timestamp,
    UNIQUE (contradiction_id, claim_id)
);
CREATE INDEX IF NOT EXISTS contradiction_mention_claim ON contradiction_mention(claim_id);
CREATE INDEX IF NOT EXISTS contradiction_store_group ON contradiction_store(group_key);

-- upgrade: each stored pair becomes a disagreement of two mentions (its sides read from its reason,
-- "Outlet: value; Outlet: value"); pairs attached to a decided row as evidence join it as mentions.
-- Decisions, notes and review times stay on their rows.
UPDATE contradiction_store SET confidence = coalesce(confidence, score), group_key = coalesce(group_key, pair_key),
    queued = coalesce(queued, true);

CREATE TEMP TABLE _pairs_008 AS
SELECT contradiction_id, claim_id_a, claim_id_b, run_id, detected_at AS added_at,
       trim(regexp_extract(split_part(reason, '; ', 1), ':\s*([^:]*)$', 1)) AS side_a,
       trim(regexp_extract(regexp_replace(split_part(reason, '; ', 2), ' — “.*$', ''), ':\s*([^:]*)$', 1)) AS side_b
FROM contradiction_store
UNION ALL
SELECT contradiction_id, claim_id_a, claim_id_b, run_id, added_at,
       trim(regexp_extract(split_part(coalesce(reason, ''), '; ', 1), ':\s*([^:]*)$', 1)),
       trim(regexp_extract(regexp_replace(split_part(coalesce(reason, ''), '; ', 2), ' — “.*$', ''), ':\s*([^:]*)$', 1))
FROM contradiction_evidence;

INSERT OR IGNORE INTO contradiction_mention (contradiction_id, claim_id, side, run_id, added_at)
SELECT contradiction_id, claim_id_a,
       CASE WHEN side_a = '' OR side_a = side_b THEN 'a' ELSE side_a END, run_id, added_at FROM _pairs_008
UNION ALL
SELECT contradiction_id, claim_id_b,
       CASE WHEN side_b = '' OR side_a = side_b THEN 'b' ELSE side_b END, run_id, added_at FROM _pairs_008;

DROP TABLE _pairs_008;
