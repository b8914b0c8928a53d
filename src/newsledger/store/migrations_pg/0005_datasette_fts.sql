-- 0005 (PostgreSQL): mirrors migrations/0005_datasette_fts.sql, which re-declares SQLite's
-- FTS5 table in Datasette's convention. PostgreSQL's full-text index is the generated column
-- documents.search_vector (0001): nothing to change; the version keeps both folders in step.
SELECT 1;
