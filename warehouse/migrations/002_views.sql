-- 002: the public views (the names and columns DEVELOPERS.md promises).
CREATE OR REPLACE VIEW articles AS
SELECT a.article_id, s.name AS source, a.url, a.title, a.published_at, a.text,
       a.external_id, a.content_hash, a.origin, a.run_id, a.ingested_at
FROM article_store a JOIN sources s USING (source_id);

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, c.speaker_name AS speaker,
       substr(a.text, t.cue_start + 1, t.cue_end - t.cue_start) AS cue,
       c.content, c.claim_start, c.claim_end, c.cluster_id,
       c.attribution_id, t.speaker_text, c.cue_lemma, c.stance, c.quote_type, c.negated,
       c.text, c.quantities, s.name AS source, a.published_at, a.url, c.run_id
FROM claim_store c
JOIN article_store a USING (article_id)
JOIN sources s ON s.source_id = a.source_id
JOIN attribution_store t USING (attribution_id);

CREATE OR REPLACE VIEW claim_history AS
WITH m AS (
    SELECT c.cluster_id, c.claim_id, c.article_id, s.name AS source, a.published_at, a.url,
           c.speaker_name AS speaker, c.content AS wording, c.text, c.quote_type, c.stance
    FROM claim_store c
    JOIN article_store a USING (article_id)
    JOIN sources s ON s.source_id = a.source_id
    WHERE c.cluster_id IS NOT NULL
)
SELECT m.*,
       min(published_at) OVER w AS first_seen,
       max(published_at) OVER w AS last_seen,
       count(DISTINCT source) OVER w AS outlets,
       first_value(source) OVER (PARTITION BY cluster_id ORDER BY published_at NULLS LAST, claim_id) AS first_outlet,
       row_number() OVER (PARTITION BY cluster_id ORDER BY published_at NULLS LAST, claim_id) AS mention_no
FROM m
WINDOW w AS (PARTITION BY cluster_id);

CREATE OR REPLACE VIEW claim_clusters AS
SELECT k.cluster_id, k.label, coalesce(sp.name, min(c.speaker_name)) AS speaker,
       count(c.claim_id) AS mentions, count(DISTINCT a.source_id) AS outlets,
       min(a.published_at) AS first_seen, max(a.published_at) AS last_seen,
       arg_min(s.name, coalesce(a.published_at, TIMESTAMP '9999-12-31')) AS first_outlet
FROM cluster_store k
LEFT JOIN speaker_store sp USING (speaker_id)
JOIN claim_store c USING (cluster_id)
JOIN article_store a ON a.article_id = c.article_id
JOIN sources s ON s.source_id = a.source_id
GROUP BY k.cluster_id, k.label, sp.name;

CREATE OR REPLACE VIEW contradictions AS
SELECT x.contradiction_id, x.kind, x.claim_id_a, x.claim_id_b, x.status, x.reason, x.subject,
       x.score, x.note, x.reviewed_at, x.detected_at, x.run_id,
       ca.speaker_name AS speaker_a, cb.speaker_name AS speaker_b,
       sa.name AS source_a, sb.name AS source_b,
       aa.published_at AS published_a, ab.published_at AS published_b,
       aa.url AS url_a, ab.url AS url_b,
       ca.text AS text_a, cb.text AS text_b,
       ca.cluster_id AS cluster_a, cb.cluster_id AS cluster_b
FROM contradiction_store x
JOIN claim_store ca ON ca.claim_id = x.claim_id_a
JOIN claim_store cb ON cb.claim_id = x.claim_id_b
JOIN article_store aa ON aa.article_id = ca.article_id
JOIN article_store ab ON ab.article_id = cb.article_id
JOIN sources sa ON sa.source_id = aa.source_id
JOIN sources sb ON sb.source_id = ab.source_id;

CREATE OR REPLACE VIEW runs AS
SELECT r.*, (SELECT string_agg(e.item || ': ' || e.message, chr(10)) FROM run_errors e WHERE e.run_id = r.run_id) AS error_list
FROM run_log r;
