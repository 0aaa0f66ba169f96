-- 011: the running document frequency of content words: how many linked claims hold each word
-- (claims.text.content_terms), which the merge model's rare-word weights read (claims.linking.pair_model).
-- The row with term '' holds how many claims are counted. Written by the link step in the transaction
-- that stores the clusters, so it counts exactly the linked claims; a warehouse from before 011 is
-- counted from its linked claims at its first link.
CREATE TABLE IF NOT EXISTS term_count (
    term   VARCHAR PRIMARY KEY,
    claims BIGINT NOT NULL
);
