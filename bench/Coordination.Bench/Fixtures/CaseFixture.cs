using System.Text.Json;
using Coordination.Actors.EventSourcing;
using Coordination.Actors.Storage;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Judges;
using Microsoft.Data.Sqlite;

namespace Coordination.Bench.Fixtures;

/// <summary>A case replayed offline: its record, the state the record folds to, and the reminders its open deadlines hold.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Summary">What the judge's and court's views keep of it.</param>
/// <param name="Record">The record entries as stored.</param>
/// <param name="Snapshot">The snapshot after the last entry, as stored.</param>
/// <param name="Reminders">The reminders of its open deadlines.</param>
internal sealed record ReplayedCase(
    string CaseNumber, CaseSummary Summary, IReadOnlyList<string> Record, string Snapshot, IReadOnlyList<(string Name, DateTimeOffset DueAt)> Reminders);

/// <summary>
/// Builds large case populations fast: replays each case's steps with the case grain's own decisions, record
/// sealing and state fold (all at one moment, as a case filed and worked on in one sitting), and bulk-inserts
/// the rows the grain writes: record entries, the snapshot after the last entry, and the reminders of its open
/// deadlines. <see cref="VerifyAgainst"/> checks that the rows match what the grains themselves wrote.
/// </summary>
internal sealed class CaseFixture(CourtDirectory courts, JsonSerializerOptions json)
{

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

        var entryType = JsonMetadata.Require<CaseRecordEntry>(json, "case record entries");
        return new ReplayedCase(
            filing.CaseNumber,
            state.ToSummary(filing.CaseNumber, record.Count),
            [.. record.Select(e => JsonSerializer.Serialize(e, entryType))],
            JournalSnapshot.Serialize(record.Count, state, JsonMetadata.Require<CaseState>(json, "case state")),
            [.. state.Deadlines.Values
                .Select(d => (Name: CaseGrain.ReminderPrefix + d.Id, DueAt: NextReminder(d, now)))
                .Where(r => r.DueAt is not null)
                .Select(r => (r.Name, r.DueAt!.Value))]);

        void Append(EntryPlan plan, CaseStepKind kind, string actor, CaseFiling? filing, CaseStep? step)
        {
            var entry = plan.Seal(record.Count + 1, now, actor, kind, filing, step, state.LastHash);
            state.Apply(entry);
            record.Add(entry);
        }
    }

    // A deadline opened inside a warning tier fires at once in the grain, which publishes that tier and re-arms
    // for the next one (none once overdue). The fixture keeps the re-armed reminder and leaves out the publication.
    private static DateTimeOffset? NextReminder(Deadline deadline, DateTimeOffset now) =>
        deadline.TierAt(now) is null ? deadline.UpcomingAt : deadline.NextTierAt(now);

    /// <summary>Inserts the cases' rows in one transaction. The node must be stopped.</summary>
    public static void Insert(string sqlitePath, IEnumerable<ReplayedCase> cases, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={sqlitePath};Pooling=false");
        connection.Open();
        using (var cache = connection.CreateCommand())
        {
            // A fixture load: no rollback journal, no syncing (the node goes back to WAL when it starts), and a
            // 1 GiB cache so that the B-trees stay in memory while they grow.
            cache.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576";
            cache.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var log = Prepare(connection, transaction, StoreSql.AppendLog, "@name", "@key", "@seq", "@idempotency", "@now", "@data");
        using var snapshot = Prepare(connection, transaction, StoreSql.InsertState, "@type", "@key", "@name", "@data", "@now");
        using var reminder = Prepare(connection, transaction, StoreSql.UpsertReminder, "@type", "@key", "@name", "@first", "@due", "@period", "@generation");
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var replayed in cases)
        {
            for (var i = 0; i < replayed.Record.Count; i++)
            {
                Run(log, CaseGrain.GrainTypeName, replayed.CaseNumber, i + 1, DBNull.Value, nowMs, replayed.Record[i]);
            }

            Run(snapshot, CaseGrain.GrainTypeName, replayed.CaseNumber, JournalSnapshot.StateName, replayed.Snapshot, nowMs);
            foreach (var (name, dueAt) in replayed.Reminders)
            {
                var due = dueAt.ToUnixTimeMilliseconds();
                Run(reminder, CaseGrain.GrainTypeName, replayed.CaseNumber, name, due, due, DBNull.Value, Random.Shared.NextInt64());
            }
        }

        transaction.Commit();
    }

    /// <summary>
    /// Writes each judge's and court's view of <paramref name="summaries"/> as their grains keep it: one case update
    /// per case applied to the state, stored as the snapshot (their journals keep no events a snapshot covers).
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

        using var connection = new SqliteConnection($"Data Source={sqlitePath};Pooling=false");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var snapshot = Prepare(connection, transaction,
            "INSERT INTO grain_state (grain_type, grain_id, state_name, version, data, updated_at) VALUES (@type, @key, @name, 1, @data, @now) " +
            "ON CONFLICT (grain_type, grain_id, state_name) DO UPDATE SET data = excluded.data, version = grain_state.version + 1, updated_at = excluded.updated_at",
            "@type", "@key", "@name", "@data", "@now");
        var courtType = JsonMetadata.Require<CourtState>(json, "court state");
        foreach (var (id, (state, version)) in courtViews)
        {
            Run(snapshot, "court", id, JournalSnapshot.StateName, JournalSnapshot.Serialize(version, state, courtType), now.ToUnixTimeMilliseconds());
        }

        var judgeType = JsonMetadata.Require<JudgeState>(json, "judge state");
        foreach (var (id, (state, version)) in judgeViews)
        {
            Run(snapshot, "judge", id, JournalSnapshot.StateName, JournalSnapshot.Serialize(version, state, judgeType), now.ToUnixTimeMilliseconds());
        }

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
            Expect(key, "snapshot", Query(connection, $"SELECT data FROM grain_state WHERE grain_type = 'case' AND grain_id = @key AND state_name = '{JournalSnapshot.StateName}'", key),
                [replayed.Snapshot]);
            Expect(key, "reminders", Query(connection, "SELECT name || ' ' || due_at FROM reminders WHERE grain_type = 'case' AND grain_id = @key ORDER BY name", key),
                [.. replayed.Reminders.Select(r => $"{r.Name} {r.DueAt.ToUnixTimeMilliseconds()}").Order(StringComparer.Ordinal)]);
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
