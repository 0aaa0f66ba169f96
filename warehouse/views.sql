-- The public views, as they stand now. Applied after the migrations whenever this file changes
-- (warehouse.db.migrate), so a view is defined in one place; the migrations hold the tables.

CREATE OR REPLACE VIEW articles AS
SELECT a.article_id, s.name AS source, a.url, a.title, a.published_at, a.text,
       a.external_id, a.content_hash, a.origin, a.run_id, a.ingested_at, a.story_id
FROM article_store a JOIN sources s USING (source_id);

CREATE OR REPLACE VIEW claims AS
SELECT c.claim_id, c.article_id, c.speaker_name AS speaker,
       substr(a.text, t.cue_start + 1, t.cue_end - t.cue_start) AS cue,
       c.content, c.claim_start, c.claim_end, c.cluster_id,
       c.attribution_id, t.speaker_text, c.cue_lemma, c.stance, c.quote_type, c.negated,
       c.text, c.quantities, s.name AS source, a.published_at, a.url, c.run_id,
       coalesce(sp.name, c.speaker_name) AS claimant, nullif(c.side, '') AS side, c.claimant_kind,
       nullif(c.actor, '') AS actor, nullif(c.actor_side, '') AS actor_side, nullif(c.predicate, '') AS predicate,
       nullif(c.predicate_class, '') AS predicate_class, nullif(c.target, '') AS target,
       nullif(c.target_side, '') AS target_side, nullif(c.time_text, '') AS time, c.polarity,
       nullif(c.hedge, '') AS hedge,
       -- who did what to whom, in one line: "Arvenia · impose · Velmoran grain", "depot · not destroy"
       nullif(concat_ws(' · ', nullif(c.actor, ''),
                        CASE WHEN c.polarity = '-' THEN 'not ' ELSE '' END
                            || coalesce(nullif(c.predicate_class, ''), c.predicate),
                        nullif(c.target, '')), '') AS proposition
FROM claim_store c
JOIN article_store a USING (article_id)
JOIN sources s ON s.source_id = a.source_id
JOIN attribution_store t USING (attribution_id)
LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id;

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

-- Every disagreement, queued or not: one row per disagreement; claim_id_a/b one representative pair on
-- two sides; mentions/outlets/sides over every claim in it (contradiction_mention).
CREATE OR REPLACE VIEW all_contradictions AS
WITH m AS (
    SELECT cm.contradiction_id, count(*) AS mentions, count(DISTINCT a.source_id) AS outlets,
           count(DISTINCT cm.side) AS sides
    FROM contradiction_mention cm
    JOIN claim_store c ON c.claim_id = cm.claim_id
    JOIN article_store a ON a.article_id = c.article_id
    GROUP BY cm.contradiction_id
)
SELECT x.contradiction_id, x.kind, x.claim_id_a, x.claim_id_b, x.status, x.reason, x.subject,
       x.score, x.note, x.reviewed_at, x.detected_at, x.run_id,
       ca.speaker_name AS speaker_a, cb.speaker_name AS speaker_b,
       sa.name AS source_a, sb.name AS source_b,
       aa.published_at AS published_a, ab.published_at AS published_b,
       aa.url AS url_a, ab.url AS url_b,
       ca.text AS text_a, cb.text AS text_b,
       ca.cluster_id AS cluster_a, cb.cluster_id AS cluster_b,
       x.pair_key, ca.quote_type AS quote_type_a, cb.quote_type AS quote_type_b,
       (SELECT count(*) FROM contradiction_evidence e WHERE e.contradiction_id = x.contradiction_id) AS evidence,
       coalesce(x.confidence, x.score) AS confidence, x.subject AS topic,
       coalesce(m.mentions, 2) AS mentions, coalesce(m.outlets, 2) AS outlets, coalesce(m.sides, 2) AS sides,
       x.group_key, coalesce(x.queued, true) OR x.status <> 'open' AS queued
FROM contradiction_store x
JOIN claim_store ca ON ca.claim_id = x.claim_id_a
JOIN claim_store cb ON cb.claim_id = x.claim_id_b
JOIN article_store aa ON aa.article_id = ca.article_id
JOIN article_store ab ON ab.article_id = cb.article_id
JOIN sources sa ON sa.source_id = aa.source_id
JOIN sources sb ON sb.source_id = ab.source_id
LEFT JOIN m ON m.contradiction_id = x.contradiction_id;

-- What the default review queue shows (the scorers count these rows): disagreements at or above the
-- confidence bar and of one known story, and any a reviewer has decided.
CREATE OR REPLACE VIEW contradictions AS
SELECT * EXCLUDE (queued) FROM all_contradictions WHERE queued;

-- Below the bar: opened on purpose (claimtrack review list --possible).
CREATE OR REPLACE VIEW possible_contradictions AS
SELECT * EXCLUDE (queued) FROM all_contradictions WHERE NOT queued;

-- Every mention of a queued disagreement and the side it takes (the value or position it states).
CREATE OR REPLACE VIEW contradiction_claims AS
SELECT cm.contradiction_id, cm.claim_id, cm.side, s.name AS source, c.speaker_name AS speaker,
       a.published_at, cm.added_at, cm.run_id
FROM contradiction_mention cm
JOIN contradictions x ON x.contradiction_id = cm.contradiction_id
JOIN claim_store c ON c.claim_id = cm.claim_id
JOIN article_store a ON a.article_id = c.article_id
JOIN sources s ON s.source_id = a.source_id;

-- The same for the possible contradictions.
CREATE OR REPLACE VIEW possible_contradiction_claims AS
SELECT cm.contradiction_id, cm.claim_id, cm.side, s.name AS source, c.speaker_name AS speaker,
       a.published_at, cm.added_at, cm.run_id
FROM contradiction_mention cm
JOIN possible_contradictions x ON x.contradiction_id = cm.contradiction_id
JOIN claim_store c ON c.claim_id = cm.claim_id
JOIN article_store a ON a.article_id = c.article_id
JOIN sources s ON s.source_id = a.source_id;

CREATE OR REPLACE VIEW runs AS
SELECT r.*, (SELECT string_agg(e.item || ': ' || e.message, chr(10)) FROM run_errors e WHERE e.run_id = r.run_id) AS error_list
FROM run_log r;

CREATE OR REPLACE VIEW speakers AS
SELECT sp.speaker_id, sp.name, sp.kind, sp.aliases,
       count(c.claim_id) AS claims, count(DISTINCT c.cluster_id) AS clusters,
       coalesce(nullif(sp.side, ''), mode(nullif(c.side, ''))) AS side
FROM speaker_store sp
LEFT JOIN claim_store c ON c.speaker_id = sp.speaker_id
GROUP BY sp.speaker_id, sp.name, sp.kind, sp.aliases, sp.side;

CREATE OR REPLACE VIEW figures AS
SELECT f.figure_id, a.story_id, f.article_id, f.claim_id, s.name AS outlet,
       coalesce(sp.name, nullif(c.speaker_name, ''), s.name) AS claimant, nullif(c.side, '') AS side,
       f.measure, nullif(f.subject, '') AS subject, f.kind, f.unit, f.value, f.value_low, f.value_high,
       nullif(f.qualifier, '') AS qualifier, f.text, f.span_start, f.span_end, a.published_at,
       nullif(f.zone, '') AS zone, f.zone_offset, nullif(f.noun, '') AS noun, f.concepts,
       coalesce(c.quote_type, 'narration') AS quote_type,
       substr(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) AS sentence
FROM figure_store f
JOIN article_store a USING (article_id)
JOIN sources s ON s.source_id = a.source_id
LEFT JOIN claim_store c ON c.claim_id = f.claim_id
LEFT JOIN speaker_store sp ON sp.speaker_id = c.speaker_id;

CREATE OR REPLACE VIEW figure_disagreements AS
SELECT d.disagreement_id, d.measure, nullif(d.subject, '') AS subject, d.kind, d.unit, d.confidence,
       count(DISTINCT m.side) AS sides, count(*) AS mentions,
       string_agg(DISTINCT m.side, ' | ' ORDER BY m.side) AS values, d.disagreement_key, d.run_id, d.detected_at
FROM figure_disagreement_store d
JOIN figure_disagreement_mention m USING (disagreement_id)
GROUP BY ALL;

-- The shape of contradiction_claims: rows of one disagreement with different sides disagree.
CREATE OR REPLACE VIEW figure_disagreement_claims AS
SELECT DISTINCT m.disagreement_id, CAST(j.value AS BIGINT) AS claim_id, m.figure_id, m.side
FROM figure_disagreement_mention m
JOIN figure_store f USING (figure_id),
     json_each(coalesce(f.clause_claims, '[]')) j;

-- Stories: articles about one news event (claims.stories), with what the warehouse holds of each.
-- first_seen/last_seen: its earliest and latest publication (its ingest times when none is dated).
CREATE OR REPLACE VIEW stories AS
WITH arts AS (
    SELECT a.story_id, count(*) AS articles, count(DISTINCT a.source_id) AS outlets,
           coalesce(min(a.published_at), min(a.ingested_at)) AS first_seen,
           coalesce(max(a.published_at), max(a.ingested_at)) AS last_seen
    FROM article_store a WHERE a.story_id IS NOT NULL GROUP BY a.story_id),
cl AS (
    SELECT a.story_id, count(*) AS claims
    FROM claim_store c JOIN article_store a USING (article_id) WHERE a.story_id IS NOT NULL GROUP BY a.story_id),
cx AS (
    SELECT a.story_id, count(*) AS contradictions
    FROM contradictions x JOIN claim_store c ON c.claim_id = x.claim_id_a JOIN article_store a USING (article_id)
    WHERE a.story_id IS NOT NULL GROUP BY a.story_id)
SELECT st.story_id, st.label, arts.first_seen, arts.last_seen, coalesce(arts.articles, 0) AS articles,
       coalesce(arts.outlets, 0) AS outlets, coalesce(cl.claims, 0) AS claims,
       coalesce(cx.contradictions, 0) AS contradictions
FROM story_store st
LEFT JOIN arts USING (story_id) LEFT JOIN cl USING (story_id) LEFT JOIN cx USING (story_id);
