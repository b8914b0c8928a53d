-- 0005: the documents' full-text index declared in Datasette's convention. Datasette finds the
-- FTS table of `documents` by matching `content="documents"` literally in its SQL; 0001 wrote
-- content = 'documents', so `?_search=` was ignored there. Same columns, tokenizer and
-- triggers; the index is rebuilt from the table.
DROP TRIGGER IF EXISTS documents_fts_insert;
DROP TRIGGER IF EXISTS documents_fts_delete;
DROP TRIGGER IF EXISTS documents_fts_update;
DROP TABLE IF EXISTS documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text,
    content="documents", content_rowid="pk",
    tokenize="unicode61 remove_diacritics 2"
);
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
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
