using System.Diagnostics;
using Coordination.Actors.Storage;
using Coordination.Bench.Grains;
using Npgsql;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Durable state writes per second with 1,000 grains writing at once: PostgreSQL (the value) and SQLite.
/// A write counts once acknowledged, i.e. committed. Baseline: the same writes as plain autocommit
/// UPDATEs from as many concurrent clients (one commit per write), on the same PostgreSQL.
/// </summary>
internal static class StateWriteScenario
{
    private const int Grains = 1_000;

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var writesPerGrain = quick ? 20 : 50;
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            await ClearAsync();
            var (postgres, p50, p99) = await GrainWritesAsync(new StorageOptions { PostgresConnectionString = BenchNode.PostgresConnectionString }, writesPerGrain);
            var (sqlite, sqliteP50, sqliteP99) = await GrainWritesAsync(new StorageOptions { SqlitePath = Path.Combine(folder.FullName, "writes.db") }, writesPerGrain);
            var naive = await NaiveWritesAsync(writesPerGrain);
            Measure.Report($"state-write: {Grains} grains x {writesPerGrain}: PostgreSQL {postgres:N0}/s (p50 {p50:N1} ms, p99 {p99:N1} ms), " +
                $"SQLite {sqlite:N0}/s (p50 {sqliteP50:N1} ms, p99 {sqliteP99:N1} ms), plain autocommit UPDATEs {naive:N0}/s");
            return new BenchResult("state-write", "durable grain state writes per second (PostgreSQL)", "writes/s", postgres, naive)
                .With("p50_ms", p50)
                .With("p99_ms", p99)
                .With("sqlite_writes_per_s", sqlite)
                .With("sqlite_p99_ms", sqliteP99)
                .With("grains", Grains);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(double Rate, double P50, double P99)> GrainWritesAsync(StorageOptions storage, int writesPerGrain)
    {
        await using var node = await BenchNode.StartAsync(storage);
        var grains = Enumerable.Range(0, Grains).Select(i => node.Client.GetGrain<IStatefulGrain>($"writer-{i}")).ToArray();
        await Task.WhenAll(grains.Select(g => g.Write(1))); // activate; creates each row
        var latencies = new List<double>(Grains * writesPerGrain);
        var rate = await Measure.RateAsync((long)Grains * writesPerGrain, () => Task.WhenAll(grains.Select(async grain =>
        {
            for (var i = 0; i < writesPerGrain; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await grain.Write(1);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            }
        })));
        latencies.Sort();
        return (rate, Measure.Percentile(latencies, 50), Measure.Percentile(latencies, 99));
    }

    private static async Task<double> NaiveWritesAsync(int writesPerGrain)
    {
        await using var dataSource = NpgsqlDataSource.Create(BenchNode.PostgresConnectionString);
        return await Measure.RateAsync((long)Grains * writesPerGrain, () => Task.WhenAll(Enumerable.Range(0, Grains).Select(async i =>
        {
            for (var w = 0; w < writesPerGrain; w++)
            {
                await using var command = dataSource.CreateCommand(
                    "UPDATE grain_state SET data = @data, version = version + 1 WHERE grain_type = 'stateful' AND grain_id = @key AND state_name = 'bench'");
                command.Parameters.AddWithValue("data", $$"""{"counter":{{w}},"note":"case SH01-2026-0001 deadline notice sent"}""");
                command.Parameters.AddWithValue("key", $"writer-{i}");
                await command.ExecuteNonQueryAsync();
            }
        })));
    }

    private static async Task ClearAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(BenchNode.PostgresConnectionString);
        await using var command = dataSource.CreateCommand("DELETE FROM grain_state WHERE grain_type = 'stateful'");
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // First run on this database: the node creates the table.
        }
    }
}
