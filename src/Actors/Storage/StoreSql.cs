namespace Coordination.Actors.Storage;

/// <summary>Statements both SQLite and PostgreSQL accept (named @parameters, ON CONFLICT).</summary>
internal static class StoreSql
{
    public const string ReadState =
        "SELECT data, version FROM grain_state WHERE grain_type = @type AND grain_id = @key AND state_name = @name";

    public const string InsertState =
        "INSERT INTO grain_state (grain_type, grain_id, state_name, version, data, updated_at) VALUES (@type, @key, @name, 1, @data, @now) ON CONFLICT DO NOTHING";

    public const string UpdateState =
        "UPDATE grain_state SET data = @data, version = @version + 1, updated_at = @now WHERE grain_type = @type AND grain_id = @key AND state_name = @name AND version = @version";

    public const string ReadReminders =
        "SELECT grain_type, grain_id, name, first_due, due_at, period_ms, generation FROM reminders";

    public const string UpsertReminder =
        "INSERT INTO reminders (grain_type, grain_id, name, first_due, due_at, period_ms, generation) VALUES (@type, @key, @name, @first, @due, @period, @generation) " +
        "ON CONFLICT (grain_type, grain_id, name) DO UPDATE SET first_due = excluded.first_due, due_at = excluded.due_at, period_ms = excluded.period_ms, generation = excluded.generation";

    public const string DeleteReminder =
        "DELETE FROM reminders WHERE grain_type = @type AND grain_id = @key AND name = @name";

    public const string DeleteReminderGeneration = DeleteReminder + " AND generation = @generation";

    public const string RescheduleReminder =
        "UPDATE reminders SET due_at = @due WHERE grain_type = @type AND grain_id = @key AND name = @name AND generation = @generation";

    public const string AppendLog =
        "INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) VALUES (@name, @key, @seq, @idempotency, @now, @data) ON CONFLICT DO NOTHING";

    public const string ReadLog =
        "SELECT seq, written_at, data FROM log_entries WHERE log_name = @name AND log_key = @key AND seq > @after ORDER BY seq LIMIT @limit";

    public const string ReadLastLogSequence =
        "SELECT COALESCE(MAX(seq), 0) FROM log_entries WHERE log_name = @name AND log_key = @key";

    public const string TrimLog =
        "DELETE FROM log_entries WHERE log_name = @name AND log_key = @key AND seq <= @seq";

    public const string ExpireLog =
        "DELETE FROM log_entries WHERE log_name = @name AND written_at < @before";
}
