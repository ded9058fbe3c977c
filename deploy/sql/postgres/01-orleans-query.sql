-- The table Orleans' ADO.NET providers read their statements from at start (SELECT QueryKey, QueryText FROM
-- OrleansQuery). The providers issue no SQL but these statements; the scripts after this one fill it.
-- Idempotent: safe to apply again, and by several processes at once (the advisory lock serializes them).
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'orleans-query', version 1.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('orleans-query', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
