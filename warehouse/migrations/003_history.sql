-- 003: speakers across articles (aliases), lookup keys for cluster matching.
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
