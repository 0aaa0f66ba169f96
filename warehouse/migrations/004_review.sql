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

CREATE OR REPLACE VIEW contradictions AS
SELECT x.contradiction_id, x.kind, x.claim_id_a, x.claim_id_b, x.status, x.reason, x.subject,
       x.score, x.note, x.reviewed_at, x.detected_at, x.run_id,
       ca.speaker_name AS speaker_a, cb.speaker_name AS speaker_b,
       sa.name AS source_a, sb.name AS source_b,
       aa.published_at AS published_a, ab.published_at AS published_b,
       aa.url AS url_a, ab.url AS url_b,
       ca.text AS text_a, cb.text AS text_b,
       ca.cluster_id AS cluster_a, cb.cluster_id AS cluster_b,
       x.pair_key, ca.quote_type AS quote_type_a, cb.quote_type AS quote_type_b,
       (SELECT count(*) FROM contradiction_evidence e WHERE e.contradiction_id = x.contradiction_id) AS evidence
FROM contradiction_store x
JOIN claim_store ca ON ca.claim_id = x.claim_id_a
JOIN claim_store cb ON cb.claim_id = x.claim_id_b
JOIN article_store aa ON aa.article_id = ca.article_id
JOIN article_store ab ON ab.article_id = cb.article_id
JOIN sources sa ON sa.source_id = aa.source_id
JOIN sources sb ON sb.source_id = ab.source_id;
