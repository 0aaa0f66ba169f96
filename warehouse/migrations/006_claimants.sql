-- 006: claimants — each claim's claimant kind and side (the country or body it speaks for),
-- a speaker's side, and each mention's figure in the history.
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS claimant_kind VARCHAR;
ALTER TABLE claim_store ADD COLUMN IF NOT EXISTS side VARCHAR;
ALTER TABLE speaker_store ADD COLUMN IF NOT EXISTS side VARCHAR;

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, c.speaker_name AS speaker,
       substr(a.text, t.cue_start + 1, t.cue_end - t.cue_start) AS cue,
       c.content, c.claim_start, c.claim_end, c.cluster_id,
       c.attribution_id, t.speaker_text, c.cue_lemma, c.stance, c.quote_type, c.negated,
       c.text, c.quantities, s.name AS source, a.published_at, a.url, c.run_id,
       coalesce(sp.name, c.speaker_name) AS claimant, nullif(c.side, '') AS side, c.claimant_kind
FROM claim_store c
JOIN article_store a USING (article_id)
JOIN sources s ON s.source_id = a.source_id
JOIN attribution_store t USING (attribution_id)
LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id;

CREATE OR REPLACE VIEW speakers AS
SELECT sp.speaker_id, sp.name, sp.kind, sp.aliases,
       count(c.claim_id) AS claims, count(DISTINCT c.cluster_id) AS clusters,
       coalesce(nullif(sp.side, ''), mode(nullif(c.side, ''))) AS side
FROM speaker_store sp
LEFT JOIN claim_store c ON c.speaker_id = sp.speaker_id
GROUP BY sp.speaker_id, sp.name, sp.kind, sp.aliases, sp.side;

-- claim_history as in 003, with each mention's side and figures (the values it states, in order).
CREATE OR REPLACE VIEW claim_history AS
WITH m AS (
    SELECT c.cluster_id, c.claim_id, c.article_id, s.name AS source, a.published_at, a.url,
           c.speaker_name AS speaker, c.content AS wording, c.text, c.quote_type, c.stance,
           c.speaker_id, sp.name AS canonical_speaker, k.label AS cluster_label, c.attribution_id,
           nullif(c.side, '') AS side,
           nullif(array_to_string(CAST(json_extract_string(c.quantities, '$[*].text') AS VARCHAR[]), ' / '),
                  '') AS figure
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
       m.speaker_id, m.canonical_speaker, m.cluster_label, m.attribution_id, m.side, m.figure
FROM m
WINDOW w AS (PARTITION BY cluster_id);
