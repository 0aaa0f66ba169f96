-- 001: base tables. Ids are integers allocated by the single writer.
CREATE TABLE IF NOT EXISTS sources (
    source_id   BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,     -- the outlet as users know it
    kind        VARCHAR,                     -- folder, file, jsonl, feed, page
    location    VARCHAR,
    created_at  TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS run_log (
    run_id              BIGINT PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    status              VARCHAR NOT NULL,    -- running, ok, partial, failed
    sources             VARCHAR,             -- what was asked for, one per line
    articles_read       INTEGER DEFAULT 0,
    articles_new        INTEGER DEFAULT 0,
    claims_new          INTEGER DEFAULT 0,
    contradictions_new  INTEGER DEFAULT 0,
    errors              INTEGER DEFAULT 0,
    prefect_flow_run_id VARCHAR
);

CREATE TABLE IF NOT EXISTS run_errors (
    run_id   BIGINT NOT NULL,
    item     VARCHAR NOT NULL,               -- file, line or URL that failed
    message  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS article_store (
    article_id    BIGINT PRIMARY KEY,
    source_id     BIGINT NOT NULL,
    external_id   VARCHAR,                   -- id given by the input (JSON Lines "id")
    url           VARCHAR,
    title         VARCHAR,
    published_at  TIMESTAMP,
    text          VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL UNIQUE,   -- sha256 of text: one row per article text
    origin        VARCHAR,                   -- file path or URL it was read from
    run_id        BIGINT,
    ingested_at   TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS attribution_store (
    attribution_id  BIGINT PRIMARY KEY,
    article_id      BIGINT NOT NULL,
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker_text    VARCHAR,
    speaker_name    VARCHAR,
    cue_start       INTEGER,
    cue_end         INTEGER,
    cue_lemma       VARCHAR,
    stance          VARCHAR,
    quote_type      VARCHAR,
    content_spans   VARCHAR,                 -- JSON [[start, end], ...]
    text            VARCHAR,
    negated         BOOLEAN
);

CREATE TABLE IF NOT EXISTS speaker_store (
    speaker_id  BIGINT PRIMARY KEY,
    name        VARCHAR NOT NULL UNIQUE,     -- canonical name
    kind        VARCHAR,                     -- person, org, outlet, unknown
    aliases     VARCHAR                      -- JSON list of other spellings seen
);

CREATE TABLE IF NOT EXISTS claim_store (
    claim_id        BIGINT PRIMARY KEY,
    article_id      BIGINT NOT NULL,
    attribution_id  BIGINT NOT NULL,
    claim_start     INTEGER NOT NULL,
    claim_end       INTEGER NOT NULL,
    content         VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    speaker_name    VARCHAR,
    speaker_id      BIGINT,
    cue_lemma       VARCHAR,
    stance          VARCHAR,
    quote_type      VARCHAR,
    negated         BOOLEAN,
    quantities      VARCHAR,                 -- JSON list of {value, unit, qualifier, low, high, text, noun}
    cluster_id      BIGINT,
    run_id          BIGINT
);

CREATE TABLE IF NOT EXISTS cluster_store (
    cluster_id      BIGINT PRIMARY KEY,
    speaker_id      BIGINT,
    label           VARCHAR,                 -- the first mention's normalized text
    created_run     BIGINT,
    created_at      TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS contradiction_store (
    contradiction_id  BIGINT PRIMARY KEY,
    kind              VARCHAR NOT NULL,      -- numeric, polarity, attribution, changed
    claim_id_a        BIGINT NOT NULL,       -- always the smaller claim id
    claim_id_b        BIGINT NOT NULL,
    reason            VARCHAR NOT NULL,
    subject           VARCHAR,
    score             DOUBLE,
    status            VARCHAR NOT NULL DEFAULT 'open',   -- open, confirmed, dismissed
    note              VARCHAR,
    reviewed_at       TIMESTAMP,
    run_id            BIGINT,
    detected_at       TIMESTAMP DEFAULT current_timestamp,
    UNIQUE (claim_id_a, claim_id_b, kind)
);

CREATE INDEX IF NOT EXISTS claim_store_article ON claim_store(article_id);
CREATE INDEX IF NOT EXISTS claim_store_cluster ON claim_store(cluster_id);
CREATE INDEX IF NOT EXISTS claim_store_speaker ON claim_store(speaker_name);
