-- 0001: documents, their sources, claims (flattened for filtering, full JSON in `record`),
-- the attribution chain as rows, the entities seen, and full-text search over title + text.
-- Column names follow the contract (../shared/spec/CLAIMS.md) so the file reads well in
-- Datasette or the sqlite3 shell.

CREATE TABLE documents (
    pk              INTEGER PRIMARY KEY,          -- stable rowid for the FTS external content
    id              TEXT NOT NULL UNIQUE,         -- document_id(cleaned text)
    source          TEXT NOT NULL,                -- first source it was read from
    url             TEXT,
    title           TEXT,
    published       TEXT,                         -- ISO date
    published_basis TEXT NOT NULL DEFAULT 'none',
    outlet          TEXT,
    language        TEXT NOT NULL DEFAULT 'und',
    text            TEXT NOT NULL,
    byline          TEXT,
    dateline        TEXT,
    source_id       TEXT,
    duplicate_of    TEXT REFERENCES documents(id),  -- original of a near-duplicate copy
    removed         TEXT,                         -- JSON list of furniture lines removed
    claim_count     INTEGER NOT NULL DEFAULT 0,   -- claims written with the document
    ingested_at     TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_duplicate_of ON documents(duplicate_of);

-- Every source (path, URL, WARC-Record-ID) seen, and the document it gave.
-- role: 'original' (first copy), 'exact' (same cleaned text again), 'near' (near-duplicate copy).
CREATE TABLE sources (
    source   TEXT NOT NULL,
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('original', 'exact', 'near')),
    seen_at  TEXT NOT NULL,
    PRIMARY KEY (source, doc_id)
);
CREATE INDEX sources_doc_id ON sources(doc_id);

CREATE TABLE claims (
    pk                  INTEGER PRIMARY KEY,
    doc_id              TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id                  TEXT NOT NULL,            -- stable within the document
    seq                 INTEGER NOT NULL,         -- text order within the document
    kind                TEXT NOT NULL,
    actor_id            TEXT COLLATE NOCASE,
    actor_name          TEXT COLLATE NOCASE,
    actor_type          TEXT,
    actor_iso3          TEXT COLLATE NOCASE,
    actor_wikidata      TEXT,
    actor_text          TEXT,
    recipient_id        TEXT COLLATE NOCASE,
    recipient_name      TEXT COLLATE NOCASE,
    recipient_type      TEXT,
    recipient_iso3      TEXT COLLATE NOCASE,
    recipient_wikidata  TEXT,
    recipient_text      TEXT,
    item_category       TEXT COLLATE NOCASE,
    item_name           TEXT COLLATE NOCASE,
    item_text           TEXT,
    quantity_value      REAL,
    quantity_low        REAL,
    quantity_high       REAL,
    quantity_approx     INTEGER,                  -- 0/1, null when no quantity
    quantity_increment  INTEGER,
    quantity_text       TEXT,
    time_start          TEXT,
    time_end            TEXT,
    time_granularity    TEXT,
    time_text           TEXT,
    location_id         TEXT COLLATE NOCASE,
    location_name       TEXT COLLATE NOCASE,
    location_type       TEXT,
    location_iso3       TEXT COLLATE NOCASE,
    location_wikidata   TEXT,
    location_text       TEXT,
    attribution         TEXT NOT NULL DEFAULT '[]',  -- JSON list of entities, outermost first
    attribution_path    TEXT,                     -- readable: 'UNN > NHK > diplomatic sources'
    modality            TEXT NOT NULL,
    hedged              INTEGER NOT NULL DEFAULT 0,
    reported            TEXT,
    evidence_start      INTEGER NOT NULL,
    evidence_end        INTEGER NOT NULL,
    evidence_text       TEXT NOT NULL,
    confidence          REAL NOT NULL,
    extractor           TEXT NOT NULL,
    record              TEXT NOT NULL,            -- the full claim JSON: nothing is lost
    UNIQUE (doc_id, id)
);
CREATE INDEX claims_doc_seq ON claims(doc_id, seq);
CREATE INDEX claims_kind ON claims(kind);
CREATE INDEX claims_actor_iso3 ON claims(actor_iso3);
CREATE INDEX claims_actor_name ON claims(actor_name);
CREATE INDEX claims_recipient_iso3 ON claims(recipient_iso3);
CREATE INDEX claims_recipient_name ON claims(recipient_name);
CREATE INDEX claims_item ON claims(item_category, item_name);
CREATE INDEX claims_time ON claims(time_start, time_end);
CREATE INDEX claims_reported ON claims(reported);

-- The attribution chain, one row per link (position 0 = outermost, e.g. the outlet).
CREATE TABLE claim_attribution (
    claim_pk  INTEGER NOT NULL REFERENCES claims(pk) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    entity_id TEXT COLLATE NOCASE,
    name      TEXT COLLATE NOCASE,
    type      TEXT,
    iso3      TEXT,
    wikidata  TEXT,
    text      TEXT,
    PRIMARY KEY (claim_pk, position)
);
CREATE INDEX claim_attribution_entity ON claim_attribution(entity_id);
CREATE INDEX claim_attribution_name ON claim_attribution(name);

-- Every entity met in a claim (actor, recipient, location, attribution), by its stable id.
CREATE TABLE entities (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    type      TEXT NOT NULL,
    iso3      TEXT,
    wikidata  TEXT
);

-- Full-text search over title + text; external content so the text is stored once.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content = 'documents', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
