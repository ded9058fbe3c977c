using System.Diagnostics;
using Coordination.Bench.Grains;
using Coordination.Silo.Runtime;
using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Durable state writes per second with 1,000 Orleans grains writing at once through the node's grain storage:
/// PostgreSQL (the value) and SQLite. A write counts once <c>WriteStateAsync</c> returned, i.e. committed. Baseline: the
/// same writes as plain autocommit UPDATEs of the same rows from as many concurrent clients (one commit per write), on
/// the same PostgreSQL, in the same run.
/// </summary>
internal static class StateWriteScenario
{
    private const int Grains = 1_000;

    /// <summary>Its own service id, so that its rows are apart from any other node's on the same database.</summary>
    private const string ServiceId = "bench-state-write";

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var writesPerGrain = quick ? 20 : 50;
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            await ClearAsync();
            var (postgres, p50, p99) = await GrainWritesAsync(new NodeStorageOptions { PostgresConnectionString = BenchNode.PostgresConnectionString }, writesPerGrain);
            var (sqlite, sqliteP50, sqliteP99) = await GrainWritesAsync(new NodeStorageOptions { SqlitePath = Path.Combine(folder.FullName, "writes.db") }, writesPerGrain);
            var naive = await NaiveWritesAsync(writesPerGrain);
            Measure.Report($"state-write: {Grains} grains x {writesPerGrain}: PostgreSQL {postgres:N0}/s (p50 {p50:N1} ms, p99 {p99:N1} ms), " +
                $"SQLite {sqlite:N0}/s (p50 {sqliteP50:N1} ms, p99 {sqliteP99:N1} ms), plain autocommit UPDATEs {naive:N0}/s");
            return new BenchResult("state-write", "durable grain state writes per second (PostgreSQL)", "writes/s", postgres, naive)
                .With("p50_ms", p50)
                .With("p99_ms", p99)
                .With("sqlite_writes_per_s", sqlite)
                .With("sqlite_p50_ms", sqliteP50)
                .With("sqlite_p99_ms", sqliteP99)
                .With("raw_npgsql_writes_per_s", naive)
                .With("grains", Grains);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(double Rate, double P50, double P99)> GrainWritesAsync(NodeStorageOptions storage, int writesPerGrain)
    {
        await using var node = await BenchNode.StartAsync(storage, silo: new NodeSiloOptions { ServiceId = ServiceId });
        var grains = Enumerable.Range(0, Grains).Select(i => node.GrainFactory.GetGrain<IStatefulGrain>($"writer-{i}")).ToArray();
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
        var payload = System.Text.Encoding.UTF8.GetBytes("""{"counter":1,"note":"case SH01-2026-0001 deadline notice sent"}""");
        await RawUpdatesAsync(dataSource, payload, 2); // warm up the pool, as the grains were by their first write
        return await Measure.RateAsync((long)Grains * writesPerGrain, () => RawUpdatesAsync(dataSource, payload, writesPerGrain));
    }

    private static Task RawUpdatesAsync(NpgsqlDataSource dataSource, byte[] payload, int writesPerGrain) => Task.WhenAll(Enumerable.Range(0, Grains).Select(async i =>
    {
        for (var w = 0; w < writesPerGrain; w++)
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE orleans_grain_state SET payload = $1, etag = etag + 1, modified_at = now() " +
                "WHERE service_id = $2 AND grain_type = $3 AND grain_key = $4 AND state_name = $5");
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StatefulGrain.GrainTypeName });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"writer-{i}" });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StatefulGrain.StateName });
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException($"raw UPDATE of writer-{i} changed no row");
            }
        }
    }));

    /// <summary>Applies the shipped schema (idempotent) and removes what earlier runs left, so each run starts from the same rows.</summary>
    private static async Task ClearAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(BenchNode.PostgresConnectionString);
        await PostgresSchemaScripts.ApplyAllAsync(dataSource);
        await using var command = dataSource.CreateCommand("DELETE FROM orleans_grain_state WHERE service_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        await command.ExecuteNonQueryAsync();
    }
}
