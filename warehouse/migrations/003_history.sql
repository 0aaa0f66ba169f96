-- 003: speakers across articles (aliases), lookup keys for cluster matching, history views.
CREATE TABLE IF NOT EXISTS speaker_alias (
    alias       VARCHAR PRIMARY KEY,         -- a spelling folded for lookup ("zelenskiy", "president trump")
    speaker_id  BIGINT NOT NULL
);

-- Lookup keys of a clustered claim: (speaker, content word) for its speaker's block, and MinHash
-- pairs of its content words for near-verbatim wording by other speakers.
CREATE TABLE IF NOT EXISTS claim_key (
    key       BIGINT NOT NULL,
    claim_id  BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS claim_key_key ON claim_key(key);
CREATE INDEX IF NOT EXISTS claim_store_speaker_id ON claim_store(speaker_id);

CREATE OR REPLACE VIEW speakers AS
SELECT sp.speaker_id, sp.name, sp.kind, sp.aliases,
       count(c.claim_id) AS claims, count(DISTINCT c.cluster_id) AS clusters
FROM speaker_store sp
LEFT JOIN claim_store c ON c.speaker_id = sp.speaker_id
GROUP BY sp.speaker_id, sp.name, sp.kind, sp.aliases;

-- claim_history as in 002, extended with the canonical speaker and the cluster label.
CREATE OR REPLACE VIEW claim_history AS
WITH m AS (
    SELECT c.cluster_id, c.claim_id, c.article_id, s.name AS source, a.published_at, a.url,
           c.speaker_name AS speaker, c.content AS wording, c.text, c.quote_type, c.stance,
           c.speaker_id, sp.name AS canonical_speaker, k.label AS cluster_label, c.attribution_id
    FROM claim_store c
    JOIN article_store a USING (article_id)
    JOIN sources s ON s.source_id = a.source_id
    LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id
    LEFT JOIN cluster_store k ON k.cluster_id = c.cluster_id
    WHERE c.cluster_id IS NOT NULL
)
SELECT m.cluster_id, m.claim_id, m.article_id, m.source, m.published_at, m.url, m.speaker, m.wording, m.text,
       m.quote_type, m.stance,
       min(published_at) OVER w AS first_seen,
       max(published_at) OVER w AS last_seen,
       count(DISTINCT source) OVER w AS outlets,
       first_value(source) OVER (PARTITION BY cluster_id ORDER BY published_at NULLS LAST, claim_id) AS first_outlet,
       row_number() OVER (PARTITION BY cluster_id ORDER BY published_at NULLS LAST, claim_id) AS mention_no,
       m.speaker_id, m.canonical_speaker, m.cluster_label, m.attribution_id
FROM m
WINDOW w AS (PARTITION BY cluster_id);
