-- Which version of each part of the schema this database holds. Every script of this folder records its part and
-- version as its last statement, in the same transaction as its changes, so a part is recorded only once it is
-- complete. The node's start check (src/Silo/Schema/PostgresSchemaCheck.cs) expects each part at least at the
-- version it was built with and names what is missing or older; a script that changes its part raises its version
-- there and here together.
-- Idempotent: safe to apply again, and by several processes at once (the advisory lock serializes them).
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS coordination_schema
(
    part varchar(64) NOT NULL,
    version integer NOT NULL,
    applied_at timestamptz NOT NULL,
    CONSTRAINT coordination_schema_key PRIMARY KEY (part)
);

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('coordination-schema', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
