-- Append-only logs for our log storage (src/Silo/Logs/PostgresLogStorage.cs): the hash-chained case record (grains'
-- event journals) and the durable alert log. A row per entry, keyed by log name, log key and sequence; an idempotency
-- key, when given, is unique within its log. This is src/Actors' own log_entries, column for column and index for
-- index (and the SQLite log storage's), so that on a database today's runtime already writes the entries it wrote read
-- unchanged, and it and the log storage can run against one table while the runtime moves: written_at stays Unix time
-- in milliseconds (bigint), as today's runtime writes it.
--
-- The storage's statements (PostgresLogStorageSql.cs) never fail on a taken row, so one refused append never rolls back
-- the other writes of its group commit:
--   append       INSERT ... VALUES (..., seq, ...) ON CONFLICT DO NOTHING RETURNING seq
--   append next  INSERT ... SELECT COALESCE(MAX(seq), 0) + 1 ... ON CONFLICT DO NOTHING; a sequence a concurrent
--                transaction (of any node) took first is tried again, after it; the primary key decides
--   trim         DELETE ... WHERE log AND seq <= n;  expire  DELETE ... WHERE log_name AND written_at < t
-- log_entries_age serves the expiry of every log of one name.
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'log-entries', version 1.
-- Idempotent: the table and its indexes are created if missing (also when today's runtime created them).
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS log_entries
(
    log_name text NOT NULL,
    log_key text NOT NULL,
    seq bigint NOT NULL,
    idempotency_key text NULL,
    written_at bigint NOT NULL,
    data text NOT NULL,
    CONSTRAINT log_entries_pkey PRIMARY KEY (log_name, log_key, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS log_entries_idempotency ON log_entries (log_name, log_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS log_entries_age ON log_entries (log_name, written_at);

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('log-entries', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
