-- 004: contradiction review: the disagreement's key, evidence attached to a decided pair.
-- pair_key names the disagreement itself (kind, measured thing, values or speakers): a key once
-- dismissed is never raised again, and new evidence for a confirmed key is attached to it.
ALTER TABLE contradiction_store ADD COLUMN IF NOT EXISTS pair_key VARCHAR;

CREATE TABLE IF NOT EXISTS contradiction_evidence (
    contradiction_id  BIGINT NOT NULL,       -- the reviewed contradiction this evidence supports
    claim_id_a        BIGINT NOT NULL,       -- always the smaller claim id
    claim_id_b        BIGINT NOT NULL,
    reason            VARCHAR,
    score             DOUBLE,
    run_id            BIGINT,
    added_at          TIMESTAMP DEFAULT current_timestamp,
    UNIQUE (contradiction_id, claim_id_a, claim_id_b)
);

CREATE INDEX IF NOT EXISTS contradiction_store_key ON contradiction_store(pair_key);
