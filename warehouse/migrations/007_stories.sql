-- 007: stories — articles about one news event, grouped as they arrive (claims.stories).
-- A story's state: its label, first and last day, article count; its top words and names
-- (summed weights, the centroid later articles are compared with); and the running document
-- frequency of each word and name over the warehouse's articles (kind 'docs', term '': the count).
CREATE TABLE IF NOT EXISTS story_store (
    story_id BIGINT PRIMARY KEY,
    label VARCHAR,
    first_day DATE,
    last_day DATE,
    articles INTEGER NOT NULL DEFAULT 0,
    created_run BIGINT
);
CREATE TABLE IF NOT EXISTS story_term (
    story_id BIGINT NOT NULL,
    kind VARCHAR NOT NULL,        -- 'terms' (word stems) or 'names'
    term VARCHAR NOT NULL,
    weight DOUBLE NOT NULL
);
CREATE INDEX IF NOT EXISTS story_term_story ON story_term (story_id);
CREATE TABLE IF NOT EXISTS story_frequency (
    kind VARCHAR NOT NULL,        -- 'terms', 'names', or 'docs' (term '': articles counted)
    term VARCHAR NOT NULL,
    docs BIGINT NOT NULL,
    PRIMARY KEY (kind, term)
);
ALTER TABLE article_store ADD COLUMN IF NOT EXISTS story_id BIGINT;
