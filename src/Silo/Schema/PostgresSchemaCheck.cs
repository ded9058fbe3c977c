using Npgsql;

namespace Coordination.Silo.Schema;

/// <summary>
/// Whether a PostgreSQL database holds the schema of deploy/sql/postgres that this executable was built with: every
/// table and sequence, every statement Orleans' ADO.NET providers read from <c>OrleansQuery</c>, and each part recorded
/// in <c>coordination_schema</c> at least at its expected version. The node is to run it at start on PostgreSQL once it
/// runs on Orleans (a schema that is missing or older stops the start with its one line); our grain storage and log
/// storage already run it for their own parts when they start.
/// Objects are looked up through the connection's search path, as the providers' statements find them.
/// </summary>
internal static class PostgresSchemaCheck
{
    /// <summary>The table of part versions itself (00-coordination-schema.sql).</summary>
    public static PostgresSchemaPart Versions { get; } = new("coordination-schema", 1, ["coordination_schema"], [], []);

    /// <summary>The statement table of Orleans' ADO.NET providers (01-orleans-query.sql).</summary>
    public static PostgresSchemaPart OrleansQuery { get; } = new("orleans-query", 1, ["OrleansQuery"], [], []);

    /// <summary>Orleans' ADO.NET grain storage (02-orleans-persistence.sql).</summary>
    public static PostgresSchemaPart OrleansPersistence { get; } = new("orleans-persistence", 1, ["OrleansStorage"], [],
        ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"]);

    /// <summary>Orleans' ADO.NET reminder table (03-orleans-reminders.sql).</summary>
    public static PostgresSchemaPart OrleansReminders { get; } = new("orleans-reminders", 1, ["OrleansRemindersTable"], [],
        ["UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey"]);

    /// <summary>Our group-committing grain storage's table and ETag sequence (04-grain-state.sql).</summary>
    public static PostgresSchemaPart GrainState { get; } = new("grain-state", 1, ["orleans_grain_state"], ["orleans_grain_state_etag"], []);

    /// <summary>Our log storage's table of append-only logs (05-log-entries.sql).</summary>
    public static PostgresSchemaPart LogEntries { get; } = new("log-entries", 1, ["log_entries"], [], []);

    /// <summary>The node's stored files: attachments and filing documents (06-stored-files.sql).</summary>
    public static PostgresSchemaPart StoredFiles { get; } = new("stored-files", 1, ["stored_files"], [], []);

    /// <summary>Every part the scripts create, in the order they apply.</summary>
    public static IReadOnlyList<PostgresSchemaPart> All { get; } = [Versions, OrleansQuery, OrleansPersistence, OrleansReminders, GrainState, LogEntries, StoredFiles];

    /// <summary>Checks every part; see <see cref="FindProblemAsync(NpgsqlDataSource, IReadOnlyList{PostgresSchemaPart}, CancellationToken)"/>.</summary>
    public static Task<string?> FindProblemAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default) =>
        FindProblemAsync(dataSource, All, cancellationToken);

    /// <summary>
    /// Null when <paramref name="parts"/> are complete, else one line naming the database and everything missing or
    /// older than expected, and how to apply the schema.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or refuses the queries.</exception>
    public static async Task<string?> FindProblemAsync(NpgsqlDataSource dataSource, IReadOnlyList<PostgresSchemaPart> parts, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var problems = new List<string>();
        string[] tables = [.. parts.SelectMany(part => part.Tables).Append(Versions.Tables[0]).Distinct(StringComparer.Ordinal)];
        string[] sequences = [.. parts.SelectMany(part => part.Sequences)];
        var missing = await ReadStringsAsync(connection,
            "SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS wanted(name, n) WHERE to_regclass(name) IS NULL ORDER BY n", [.. tables, .. sequences], cancellationToken);
        Report(problems, "table", "tables", [.. tables.Intersect(missing, StringComparer.Ordinal)]);
        Report(problems, "sequence", "sequences", [.. sequences.Intersect(missing, StringComparer.Ordinal)]);
        if (!missing.Contains(Versions.Tables[0]))
        {
            var recorded = await ReadVersionsAsync(connection, cancellationToken);
            foreach (var part in parts.Where(part => part != Versions))
            {
                if (!recorded.TryGetValue(part.Name, out var version))
                {
                    problems.Add($"part {part.Name} not recorded (expected version {part.Version})");
                }
                else if (version < part.Version)
                {
                    problems.Add($"part {part.Name} at version {version}, older than the expected {part.Version}");
                }
            }
        }

        string[] queryKeys = [.. parts.SelectMany(part => part.QueryKeys)];
        if (queryKeys.Length > 0 && !missing.Contains(OrleansQuery.Tables[0]))
        {
            var stored = await ReadStringsAsync(connection, "SELECT QueryKey FROM OrleansQuery WHERE QueryKey = ANY($1)", queryKeys, cancellationToken);
            Report(problems, "stored query", "stored queries", [.. queryKeys.Except(stored, StringComparer.Ordinal)]);
        }

        return problems.Count == 0
            ? null
            : $"the PostgreSQL schema at {PostgresDataSources.Describe(dataSource.ConnectionString)} is incomplete: {string.Join("; ", problems)}. " +
              "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...";
    }

    private static void Report(List<string> problems, string kind, string kinds, string[] missing)
    {
        if (missing.Length > 0)
        {
            problems.Add($"missing {(missing.Length == 1 ? kind : kinds)} {string.Join(", ", missing)}");
        }
    }

    private static async Task<List<string>> ReadStringsAsync(NpgsqlConnection connection, string sql, string[] values, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter<string[]> { TypedValue = values } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var strings = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            strings.Add(reader.GetString(0));
        }

        return strings;
    }

    private static async Task<Dictionary<string, int>> ReadVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT part, version FROM coordination_schema", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt32(1);
        }

        return versions;
    }
}
