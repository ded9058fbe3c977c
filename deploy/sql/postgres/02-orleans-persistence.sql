-- Grain state for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet, invariant "Npgsql").
--
-- The provider's contract: it sends these parameters, by name, and reads these columns, by name:
--   WriteToStorageKey   @GrainIdHash int, @GrainIdN0 bigint, @GrainIdN1 bigint, @GrainTypeHash int,
--                       @GrainTypeString, @GrainIdExtensionString (null for keys without one), @ServiceId,
--                       @GrainStateVersion int (null: the grain has read nothing), @PayloadBinary bytea
--                       -> one row NewGrainStateVersion when written; no row (or the same version) is an ETag conflict
--   ReadFromStorageKey  the key parameters -> PayloadBinary, Version (no row: nothing stored)
--   ClearStorageKey     the key parameters + @GrainStateVersion -> NewGrainStateVersion (no row: conflict)
--   DeleteStorageKey    the same, for DeleteStateOnClear = true -> one row on success (no row: conflict)
--
-- A state is identified by service, grain type and grain key; the hashes only narrow the index. Keys without an
-- extension store NULL there; the unique index treats NULL as '' so that an insert can detect an existing row
-- (a grain type uses one kind of key, so '' and NULL never name two different grains of one type).
-- Versions count up per row from 1; a cleared row stays with a NULL payload and its next version.
-- Idempotent: tables and indexes are created if missing, the statements are replaced.
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'orleans-persistence', version 1.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamptz NOT NULL,
    Version integer NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_Key ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, (COALESCE(GrainIdExtensionString, '')));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey', '
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary, ModifiedOn = now(), Version = Version + 1
        WHERE @GrainStateVersion IS NOT NULL
            AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
            AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
            AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
            AND Version = @GrainStateVersion
        RETURNING Version),
    inserted AS (
        INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version)
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version FROM inserted;
'),
(
    'ReadFromStorageKey', '
    SELECT PayloadBinary, now() AS ReadOn, Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
        AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''');
'),
(
    'ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
        AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
        AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
'),
(
    'DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
        AND COALESCE(GrainIdExtensionString, '''') = COALESCE(@GrainIdExtensionString, '''')
        AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('orleans-persistence', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
