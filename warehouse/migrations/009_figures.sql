-- 007: figures — every number an article states (claims and narration) with what it measures, and the
-- numeric disagreements found among them (one row per disagreement, its mentions with their side).
CREATE TABLE IF NOT EXISTS figure_store (
    figure_id BIGINT PRIMARY KEY,
    article_id BIGINT NOT NULL,
    claim_id BIGINT,              -- the tightest claim holding the figure; NULL in narration no claim holds
    clause_claims VARCHAR,        -- JSON list: every claim of its sentence its clause overlaps
    kind VARCHAR NOT NULL,        -- count, money, percent, duration, distance, clock, age, magnitude, height, rate
    unit VARCHAR NOT NULL,        -- canonical: '' count, minute, km, usd, minute_of_day, year, ...
    value DOUBLE, value_low DOUBLE, value_high DOUBLE,
    qualifier VARCHAR,
    text VARCHAR NOT NULL,
    span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
    sentence_start INTEGER, sentence_end INTEGER,
    clause_start INTEGER, clause_end INTEGER,
    noun VARCHAR, noun_class VARCHAR, written_unit VARCHAR,
    zone VARCHAR, zone_offset INTEGER, decimals INTEGER,
    concepts VARCHAR, context VARCHAR, names VARCHAR, days VARCHAR,   -- space-separated
    measure VARCHAR, subject VARCHAR,
    run_id BIGINT
);
CREATE TABLE IF NOT EXISTS figure_disagreement_store (
    disagreement_id BIGINT PRIMARY KEY,
    measure VARCHAR, subject VARCHAR, kind VARCHAR, unit VARCHAR,
    confidence DOUBLE,
    disagreement_key VARCHAR,
    run_id BIGINT,
    detected_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS figure_disagreement_mention (
    disagreement_id BIGINT NOT NULL,
    figure_id BIGINT NOT NULL,
    side VARCHAR NOT NULL
);
