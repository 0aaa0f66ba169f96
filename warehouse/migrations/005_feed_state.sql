-- 005: what each feed said last time, for conditional GET (ETag / Last-Modified).
-- An article fetched from the web keeps its canonical URL in article_store.url and the
-- URL it was fetched from in article_store.origin; both are looked up before fetching.
CREATE TABLE IF NOT EXISTS feed_state (
    feed_url       VARCHAR PRIMARY KEY,
    etag           VARCHAR,
    last_modified  VARCHAR,                  -- the server's Last-Modified header, as sent
    checked_at     TIMESTAMP DEFAULT current_timestamp
);
