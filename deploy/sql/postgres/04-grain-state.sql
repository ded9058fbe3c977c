-- Grain state for our own group-committing grain storage (src/Silo/Storage/PostgresGrainStorage.cs), the same
-- table as the SQLite provider's: a row per service, grain type, grain key and state name, in plain text that reads
-- in psql. (Orleans' OrleansStorage keys a row by hashes and a "grain type" column that its provider fills with the
-- state name, dotnet/orleans#8746, so two grain types with one key and one state name would share a row.)
--
-- The provider's statements (PostgresGrainStorageSql.cs) change one row or none; none is an ETag conflict:
--   insert  (no ETag held)  INSERT ... ON CONFLICT DO NOTHING RETURNING etag
--   write   (ETag held)     UPDATE ... SET etag = nextval(...), payload = ... WHERE key AND etag = held RETURNING etag
--   delete  (DeleteStateOnClear, ETag held)  DELETE ... WHERE key AND etag = held RETURNING etag
-- ETags come from one sequence, so no value is handed out twice, not even for a row deleted and written again:
-- a grain holding the ETag of a deleted row cannot overwrite its successor. A cleared row (DeleteStateOnClear
-- false) stays with a NULL payload and its new ETag.
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'grain-state', version 1.
-- Idempotent: the sequence and the table are created if missing.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE SEQUENCE IF NOT EXISTS orleans_grain_state_etag AS bigint;

-- Rows are rewritten far more often than inserted: free room on each page keeps those updates HOT (no index change).
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id text NOT NULL,
    grain_type text NOT NULL,
    grain_key text NOT NULL,
    state_name text NOT NULL,
    etag bigint NOT NULL,
    payload bytea NULL,
    modified_at timestamptz NOT NULL,
    CONSTRAINT orleans_grain_state_key PRIMARY KEY (service_id, grain_type, grain_key, state_name)
) WITH (fillfactor = 80);

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('grain-state', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
