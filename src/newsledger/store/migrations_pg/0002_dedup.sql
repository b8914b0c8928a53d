-- 0002 (PostgreSQL): duplicate detection support, as migrations/0002_dedup.sql.
-- MinHash signatures of original (non-duplicate) documents, so the next run can rebuild its
-- Deduplicator from the store instead of re-reading every text.
CREATE TABLE signatures (
    doc_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    minhash  BYTEA NOT NULL             -- MinHash.hashvalues as little-endian uint64 bytes
);

-- One row per duplicate: near copies (their own document row, linked to the original) and
-- exact copies (the same text read again from another source; no second document row).
CREATE VIEW duplicates AS
    SELECT d.id AS doc_id, d.duplicate_of AS original_id, 'near'::text AS kind,
           d.source AS source, d.ingested_at AS seen_at
      FROM documents AS d WHERE d.duplicate_of IS NOT NULL
    UNION ALL
    SELECT s.doc_id, s.doc_id, 'exact', s.source, s.seen_at
      FROM sources AS s WHERE s.role = 'exact';
