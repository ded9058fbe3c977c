using System.Text.Json;
using Coordination.Grains;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Hosting;
using Coordination.Grains.Journals;
using Coordination.Grains.Judges;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Bench.Fixtures;

/// <summary>A case replayed offline: its record, the state the record folds to, and the reminders its open deadlines hold.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Summary">What the judge's and court's views keep of it.</param>
/// <param name="Record">The record entries as stored (JSON).</param>
/// <param name="Snapshot">The journal snapshot after the last entry, as the node's grain storage stores it (Orleans' binary format).</param>
/// <param name="Reminders">Its deadline reminder, due when the next tier of an open deadline begins (none if no tier is ahead).</param>
internal sealed record ReplayedCase(
    string CaseNumber, CaseSummary Summary, IReadOnlyList<string> Record, byte[] Snapshot, IReadOnlyList<(string Name, DateTimeOffset DueAt)> Reminders);

/// <summary>
/// Builds large case populations fast: replays each case's steps with the case grain's own decisions, record
/// sealing and state fold (all at one moment, as a case filed and worked on in one sitting), and bulk-inserts
/// the rows the node writes for it: record entries (<c>log_entries</c>), the journal snapshot after the last entry
/// (<c>orleans_grain_state</c>, serialized as the node's grain storage serializes it) and the Orleans reminders of its
/// open deadlines (<c>orleans_reminders</c>). <see cref="VerifyAgainst"/> checks that the rows match what the grains
/// themselves wrote.
/// </summary>
internal sealed class CaseFixture(CourtDirectory courts) : IDisposable
{
    private readonly ServiceProvider _serialization = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private IGrainStorageSerializer? _serializer;

    /// <summary>The node's grain state serializer (<see cref="OrleansGrainStorageSerializer"/>, as NodeRuntime configures it).</summary>
    private IGrainStorageSerializer Serializer => _serializer ??= new OrleansGrainStorageSerializer(_serialization.GetRequiredService<Serializer>());

    public ReplayedCase Replay(CaseFiling filing, string filedBy, IEnumerable<(CaseStep Step, string Actor)> steps, DateTimeOffset now)
    {
        var state = new CaseState();
        var record = new List<CaseRecordEntry>();
        var calendar = courts.CalendarOf(filing.CourtId);
        Append(CaseDecider.PlanFiling(filing.Kind, calendar, now), CaseStepKind.Filed, filedBy, filing, step: null);
        foreach (var (step, actor) in steps)
        {
            Append(new CaseDecider(state, filing.CaseNumber, calendar).Decide(step, now), step.Kind, actor, filing: null, step);
        }

        return new ReplayedCase(
            filing.CaseNumber,
            state.ToSummary(filing.CaseNumber, record.Count),
            [.. record.Select(e => JsonSerializer.Serialize(e, GrainsJsonContext.Default.CaseRecordEntry))],
            Serialize(record.Count, state),
            state.Deadlines.Values.Select(d => d.NextTierAt(now)).Min() is { } dueAt ? [(CaseGrain.DeadlineReminder, dueAt)] : []);

        void Append(EntryPlan plan, CaseStepKind kind, string actor, CaseFiling? filing, CaseStep? step)
        {
            var entry = plan.Seal(record.Count + 1, now, actor, kind, filing, step, state.LastHash);
            state.Apply(entry);
            record.Add(entry);
        }
    }

    private byte[] Serialize<TState>(long version, TState state) where TState : class, new() =>
        Serializer.Serialize(new JournalSnapshot<TState> { Version = version, State = state }).ToArray();

    /// <summary>Inserts the cases' rows in one transaction. The node must be stopped.</summary>
    public static void Insert(string sqlitePath, IEnumerable<ReplayedCase> cases, DateTimeOffset now)
    {
        using var connection = Open(sqlitePath);
        using var transaction = connection.BeginTransaction();
        var etags = new Etags(connection, transaction);
        using var log = Prepare(connection, transaction,
            "INSERT INTO log_entries (log_name, log_key, seq, idempotency_key, written_at, data) VALUES (@name, @key, @seq, NULL, @now, @data)",
            "@name", "@key", "@seq", "@now", "@data");
        using var snapshot = Prepare(connection, transaction, UpsertState, "@type", "@key", "@name", "@etag", "@payload", "@now");
        using var reminder = Prepare(connection, transaction,
            "INSERT INTO orleans_reminders (grain_id, reminder_name, start_at, period, grain_hash, etag) VALUES (@grain, @name, @start, @period, @hash, @etag)",
            "@grain", "@name", "@start", "@period", "@hash", "@etag");
        var nowMs = now.ToUnixTimeMilliseconds();
        var period = ReminderCadence.Default.Period.Ticks;
        foreach (var replayed in cases)
        {
            for (var i = 0; i < replayed.Record.Count; i++)
            {
                Run(log, CaseGrain.GrainTypeName, replayed.CaseNumber, i + 1, nowMs, replayed.Record[i]);
            }

            Run(snapshot, CaseGrain.GrainTypeName, replayed.CaseNumber, JournalSnapshots.StateName, etags.Next(), replayed.Snapshot, nowMs);
            var grainId = GrainId.Create(CaseGrain.GrainTypeName, replayed.CaseNumber);
            var (grain, hash) = (grainId.ToString(), (long)grainId.GetUniformHashCode());
            foreach (var (name, dueAt) in replayed.Reminders)
            {
                Run(reminder, grain, name, dueAt.UtcTicks, period, hash, etags.Next());
            }
        }

        etags.Save();
        transaction.Commit();
    }

    /// <summary>
    /// Writes each judge's and court's view of <paramref name="summaries"/> as their grains keep it: one case update
    /// per case applied to the state, stored as the journal snapshot (their journals keep no events a snapshot covers).
    /// </summary>
    public void InsertViews(string sqlitePath, IEnumerable<CaseSummary> summaries, DateTimeOffset now)
    {
        var courtViews = new Dictionary<string, (CourtState State, long Version)>();
        var judgeViews = new Dictionary<string, (JudgeState State, long Version)>();
        foreach (var summary in summaries)
        {
            var court = courtViews.GetValueOrDefault(summary.CourtId, (new CourtState(), 0));
            court.State.Apply(CourtCaseUpdated.Of(summary));
            courtViews[summary.CourtId] = (court.State, court.Version + 1);
            if (summary.JudgeId is { } judgeId)
            {
                var judge = judgeViews.GetValueOrDefault(judgeId, (new JudgeState(), 0));
                judge.State.Apply(new JudgeCaseUpdated(summary));
                judgeViews[judgeId] = (judge.State, judge.Version + 1);
            }
        }

        using var connection = Open(sqlitePath);
        using var transaction = connection.BeginTransaction();
        var etags = new Etags(connection, transaction);
        using var snapshot = Prepare(connection, transaction, UpsertState, "@type", "@key", "@name", "@etag", "@payload", "@now");
        foreach (var (id, (state, version)) in courtViews)
        {
            Run(snapshot, "court", id, JournalSnapshots.StateName, etags.Next(), Serialize(version, state), now.ToUnixTimeMilliseconds());
        }

        foreach (var (id, (state, version)) in judgeViews)
        {
            Run(snapshot, "judge", id, JournalSnapshots.StateName, etags.Next(), Serialize(version, state), now.ToUnixTimeMilliseconds());
        }

        etags.Save();
        transaction.Commit();
    }

    /// <summary>Fails unless the rows the grains wrote for <paramref name="cases"/> are the ones <see cref="Insert"/> would write.</summary>
    public static void VerifyAgainst(string sqlitePath, IEnumerable<ReplayedCase> cases)
    {
        using var connection = new SqliteConnection($"Data Source={sqlitePath};Pooling=false");
        connection.Open();
        foreach (var replayed in cases)
        {
            var key = replayed.CaseNumber;
            Expect(key, "record", Query(connection, "SELECT data FROM log_entries WHERE log_name = 'case' AND log_key = @key ORDER BY seq", key),
                [.. replayed.Record]);
            Expect(key, "snapshot", Query(connection,
                $"SELECT hex(payload) FROM orleans_grain_state WHERE grain_type = 'case' AND grain_key = @key AND state_name = '{JournalSnapshots.StateName}'", key),
                [Convert.ToHexString(replayed.Snapshot)]);
            Expect(key, "reminders", Query(connection,
                "SELECT reminder_name || ' ' || start_at || ' ' || period FROM orleans_reminders WHERE grain_id = 'case/' || @key ORDER BY reminder_name", key),
                [.. replayed.Reminders.Select(r => $"{r.Name} {r.DueAt.UtcTicks} {ReminderCadence.Default.Period.Ticks}").Order(StringComparer.Ordinal)]);
        }
    }

    public void Dispose() => _serialization.Dispose();

    private const string UpsertState =
        "INSERT INTO orleans_grain_state (grain_type, grain_key, state_name, etag, payload, modified_at) VALUES (@type, @key, @name, @etag, @payload, @now) " +
        "ON CONFLICT (grain_type, grain_key, state_name) DO UPDATE SET etag = excluded.etag, payload = excluded.payload, modified_at = excluded.modified_at";

    private static SqliteConnection Open(string sqlitePath)
    {
        var connection = new SqliteConnection($"Data Source={sqlitePath};Pooling=false");
        connection.Open();
        using var cache = connection.CreateCommand();
        // A fixture load: no rollback journal, no syncing (the node goes back to WAL when it starts), and a
        // 1 GiB cache so that the B-trees stay in memory while they grow.
        cache.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576";
        cache.ExecuteNonQuery();
        return connection;
    }

    /// <summary>ETags as the node's SQLite storages give them: each new one above every one the file ever used (<c>orleans_etag</c>).</summary>
    private sealed class Etags(SqliteConnection connection, SqliteTransaction transaction)
    {
        private long _last = Scalar(connection, transaction, "SELECT last FROM orleans_etag WHERE id = 0");

        public long Next() => ++_last;

        public void Save()
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE orleans_etag SET last = @last WHERE id = 0";
            command.Parameters.AddWithValue("@last", _last);
            command.ExecuteNonQuery();
        }

        private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
    }

    private static void Expect(string caseNumber, string what, List<string> stored, List<string> replayed)
    {
        if (!stored.SequenceEqual(replayed, StringComparer.Ordinal))
        {
            var at = stored.Zip(replayed).TakeWhile(p => p.First == p.Second).Count();
            throw new InvalidOperationException(
                $"The fixture no longer matches the case grain ({caseNumber}, {what}, row {at + 1}):\n  grain:   {stored.ElementAtOrDefault(at)}\n  fixture: {replayed.ElementAtOrDefault(at)}");
        }
    }

    private static List<string> Query(SqliteConnection connection, string sql, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@key", key);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
