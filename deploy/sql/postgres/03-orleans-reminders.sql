-- Reminders for Orleans' ADO.NET reminder table (Microsoft.Orleans.Reminders.AdoNet, invariant "Npgsql").
--
-- The provider's contract: parameters @ServiceId, @GrainId (GrainId.ToString()), @ReminderName,
-- @StartTime timestamptz, @Period (milliseconds), @GrainHash / @BeginHash / @EndHash (the ring's uint hash sent as
-- a signed int), @Version; rows carry GrainId, ReminderName, StartTime, Period, Version (the ETag).
--   ReadRangeRows1Key   (begin, end] when (int)begin < (int)end, compared as signed ints as the provider sends them
--   ReadRangeRows2Key   the wrapping range: GrainHash > begin OR GrainHash <= end
--   UpsertReminderRowKey -> one row Version, new on every upsert
--   DeleteReminderRowKey -> exactly one row, one column: non-zero when the row with that Version was deleted
--   DeleteReminderRowsKey  every reminder of the service (tests)
-- Idempotent: tables and indexes are created if missing, the statements are replaced.
-- Recorded in coordination_schema (00-coordination-schema.sql) as part 'orleans-reminders', version 1.
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('coordination-orleans-schema'));

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId varchar(150) NOT NULL,
    GrainId varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime timestamptz(3) NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,
    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_RemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'UpsertReminderRowKey', '
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash, Version = r.Version + 1
    RETURNING Version;
'),
(
    'ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
'),
(
    'ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
'),
(
    'ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
'),
(
    'ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
'),
(
    'DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version
        RETURNING 1)
    SELECT count(*) AS DeletedCount FROM deleted;
'),
(
    'DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO coordination_schema (part, version, applied_at) VALUES ('orleans-reminders', 1, now())
ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, applied_at = EXCLUDED.applied_at;

COMMIT;
