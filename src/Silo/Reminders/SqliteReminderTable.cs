using System.Globalization;
using Coordination.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Reminders;

/// <summary>
/// Orleans' reminder table in a SQLite file. Every upsert gives the row a new ETag (never one used before in the
/// file), a removal succeeds only with the row's current ETag, and range reads follow the ring: (begin, end],
/// wrapping past the top when begin ≥ end. Writes share the file's group commit and complete after it committed.
/// </summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private readonly SqliteReminderTableOptions _options;
    private readonly SqliteDatabases _databases;
    private SqliteDatabase? _database;

    internal SqliteReminderTable(IOptions<SqliteReminderTableOptions> options, SqliteDatabases databases)
    {
        _options = options.Value;
        _databases = databases;
    }

    private SqliteDatabase Database => _database ?? throw new InvalidOperationException("The SQLite reminder table is not started.");

    /// <summary>Opens the database file and creates the table if it is missing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var database = _databases.Acquire(_options.DatabasePath, _options.MaxBatchSize);
        try
        {
            await database.WriteAsync(context => context.ExecuteScript(SqliteReminderTableSql.Schema));
        }
        catch
        {
            await _databases.ReleaseAsync(database);
            throw;
        }

        _database = database;
    }

    /// <summary>Commits what is queued and lets go of the file (closed once no other provider uses it).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _database, null) is { } database)
        {
            await _databases.ReleaseAsync(database);
        }
    }

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Task.FromResult(Database.Read(SqliteReminderTableSql.ReadGrain, ReadEntries, grainId.ToString()));

    /// <inheritdoc/>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Task.FromResult(Database.Read(begin < end ? SqliteReminderTableSql.ReadRange : SqliteReminderTableSql.ReadWrappingRange, ReadEntries, (long)begin, (long)end));

    /// <inheritdoc/>
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        Task.FromResult(Database.Read(SqliteReminderTableSql.ReadOne, static rows => rows.Read() ? ToEntry(rows) : null, grainId.ToString(), reminderName));

    /// <inheritdoc/>
    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var (grain, name, hash) = (entry.GrainId.ToString(), entry.ReminderName, (long)entry.GrainId.GetUniformHashCode());
        var start = (entry.StartAt.Kind == DateTimeKind.Local ? entry.StartAt.ToUniversalTime() : entry.StartAt).Ticks;
        var period = entry.Period.Ticks;
        var etag = await Database.WriteAsync(context =>
        {
            var next = context.NextEtag();
            context.Execute(SqliteReminderTableSql.Upsert, grain, name, start, period, hash, next);
            return next;
        });
        return Format(etag);
    }

    /// <inheritdoc/>
    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            return false;
        }

        var grain = grainId.ToString();
        return await Database.WriteAsync(context => context.Execute(SqliteReminderTableSql.Delete, grain, reminderName, expected)) == 1;
    }

    /// <inheritdoc/>
    public Task TestOnlyClearTable() => Database.WriteAsync(context => context.ExecuteScript(SqliteReminderTableSql.DeleteAll));

    private static ReminderTableData ReadEntries(SqliteDataReader rows)
    {
        var entries = new List<ReminderEntry>();
        while (rows.Read())
        {
            entries.Add(ToEntry(rows));
        }

        return new ReminderTableData(entries);
    }

    private static ReminderEntry ToEntry(SqliteDataReader rows) => new()
    {
        GrainId = GrainId.Parse(rows.GetString(0)),
        ReminderName = rows.GetString(1),
        StartAt = new DateTime(rows.GetInt64(2), DateTimeKind.Utc),
        Period = TimeSpan.FromTicks(rows.GetInt64(3)),
        ETag = Format(rows.GetInt64(4)),
    };

    private static string Format(long etag) => etag.ToString(CultureInfo.InvariantCulture);
}
