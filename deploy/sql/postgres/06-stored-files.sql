-- Stored files (src/Silo/Files/PostgresFileStore.cs): attachments of case messages, property clues and online-filing
-- documents, content-addressed by SHA-256 (lower-case hex), so every node of a cluster serves every file and the same
-- file is kept once. A file is one row written by one INSERT ... ON CONFLICT DO NOTHING, so a crash leaves the whole
-- row or none. The hash is checked again on every read by the node (src/Gateway/Messages/AttachmentStore.cs): a row
-- whose content no longer has its hash is refused, not served. bytea is stored out of line (TOAST), not compressed
-- again: PDF, JPEG and PNG are compressed already.
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'stored-files', version 1.
-- Idempotent: the table is created if missing.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS stored_files
(
    sha256 text NOT NULL,
    size bigint NOT NULL,
    content_type text NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now(),
    content bytea NOT NULL,
    CONSTRAINT stored_files_pkey PRIMARY KEY (sha256)
);

ALTER TABLE stored_files ALTER COLUMN content SET STORAGE EXTERNAL;

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('stored-files', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
