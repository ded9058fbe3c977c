using System.Diagnostics;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans;
using Orleans.Hosting;
using Orleans.Storage;
using GrainId = Orleans.Runtime.GrainId;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Durable grain state writes per second through the Orleans grain storage providers themselves: 1,000 writers at
/// once, each with one write in flight as a grain activation has, each write counted once the provider acknowledged
/// it (committed). Through our SQLite provider, our PostgreSQL provider (the value) and Orleans' ADO.NET storage on
/// PostgreSQL. Baseline: raw Npgsql autocommit UPDATEs of the same rows from 1,000 concurrent writers (over Npgsql's
/// pool), one commit per write, on the same server in the same run. Each way gets the same untimed warm-up first;
/// the figures are the best of the timed runs (1 with --quick, 3 without).
/// </summary>
internal static class ProviderWritesScenario
{
    private const int Grains = 1_000;
    private const string StateName = "bench";
    private const string ServiceId = "bench-provider-writes";
    private const string Note = "case SH01-2026-0001 deadline notice sent";

    // Untimed writes per writer before the timed runs, so that no figure includes the JIT's first, slower code.
    private const int WarmUpWritesPerGrain = 3;

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var writesPerGrain = quick ? 20 : 50;
        var repetitions = quick ? 1 : 3;
        var connectionString = BenchNode.PostgresConnectionString;
        await PrepareAsync(connectionString);
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            var sqlite = await ProviderWritesAsync((services, name) => services.AddSqliteGrainStorage(name,
                options => options.DatabasePath = Path.Combine(folder.FullName, "writes.db")), writesPerGrain, repetitions);
            var postgres = await ProviderWritesAsync((services, name) => services.AddPostgresGrainStorage(name,
                options => options.ConnectionString = connectionString), writesPerGrain, repetitions);
            var adoNet = await ProviderWritesAsync((services, name) => services.AddAdoNetGrainStorage(name, options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            }), writesPerGrain, repetitions);
            // Orleans' ADO.NET storage opens its connections from Npgsql's global pool, which keeps them after the
            // provider stops: close them, or the baseline's own pool runs into the server's connection limit.
            NpgsqlConnection.ClearAllPools();
            var raw = await RawUpdatesAsync(connectionString, writesPerGrain, repetitions);
            Measure.Report($"provider-writes: {Grains} writers x {writesPerGrain}, best of {repetitions}: our PostgreSQL {postgres}, " +
                $"SQLite {sqlite}, Orleans ADO.NET on PostgreSQL {adoNet}, raw Npgsql UPDATEs {raw}");
            return new BenchResult("provider-writes", "durable grain state writes per second through our PostgreSQL IGrainStorage", "writes/s", postgres.Rate, raw.Rate)
                .With("p50_ms", postgres.P50)
                .With("p99_ms", postgres.P99)
                .With("sqlite_writes_per_s", sqlite.Rate)
                .With("sqlite_p99_ms", sqlite.P99)
                .With("adonet_postgres_writes_per_s", adoNet.Rate)
                .With("adonet_postgres_p99_ms", adoNet.P99)
                .With("raw_npgsql_p99_ms", raw.P99)
                .With("grains", Grains)
                .With("writes_per_grain", writesPerGrain);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<Run> ProviderWritesAsync(Action<IServiceCollection, string> register, int writesPerGrain, int repetitions)
    {
        await using var host = await ProviderHost.StartAsync(ServiceId, register);
        var storage = host.Storage;
        var grains = Enumerable.Range(0, Grains).Select(i => (Id: GrainId.Create("bench-writer", $"writer-{i}"), State: new GrainState<ProviderWriteState>())).ToArray();
        // Activation: each writer reads its state (and ETag), then writes once, creating its row.
        await Task.WhenAll(grains.Select(async grain =>
        {
            await storage.ReadStateAsync(StateName, grain.Id, grain.State);
            grain.State.State = new ProviderWriteState(0, Note);
            await storage.WriteStateAsync(StateName, grain.Id, grain.State);
        }));

        return await BestAsync(writesPerGrain, repetitions, (grain, write) =>
        {
            var (id, state) = grains[grain];
            state.State = new ProviderWriteState(write, Note);
            return storage.WriteStateAsync(StateName, id, state);
        });
    }

    private static async Task<Run> RawUpdatesAsync(string connectionString, int writesPerGrain, int repetitions)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var payload = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new ProviderWriteState(0, Note)));
        return await BestAsync(writesPerGrain, repetitions, async (grain, _) =>
        {
            await using var command = dataSource.CreateCommand(
                "UPDATE orleans_grain_state SET payload = $1, etag = etag + 1, modified_at = now() " +
                "WHERE service_id = $2 AND grain_type = 'bench-writer' AND grain_key = $3 AND state_name = $4");
            command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"writer-{grain}" });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException($"raw UPDATE of writer-{grain} changed no row");
            }
        });
    }

    /// <summary>Warms up, then times <paramref name="repetitions"/> runs and keeps the fastest (the least disturbed by the rest of the machine).</summary>
    private static async Task<Run> BestAsync(int writesPerGrain, int repetitions, Func<int, int, Task> write)
    {
        await TimeAsync(WarmUpWritesPerGrain, write);
        var best = Run.None;
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var run = await TimeAsync(writesPerGrain, write);
            best = run.Rate > best.Rate ? run : best;
        }

        return best;
    }

    /// <summary>Runs <see cref="Grains"/> writers at once, each awaiting its writes one after the other; times each write.</summary>
    private static async Task<Run> TimeAsync(int writesPerGrain, Func<int, int, Task> write)
    {
        var latencies = new double[Grains * writesPerGrain];
        var rate = await Measure.RateAsync(latencies.Length, () => Task.WhenAll(Enumerable.Range(0, Grains).Select(async grain =>
        {
            for (var i = 0; i < writesPerGrain; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await write(grain, i + 1);
                latencies[grain * writesPerGrain + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var sorted = latencies.Order().ToList();
        return new Run(rate, Measure.Percentile(sorted, 50), Measure.Percentile(sorted, 99));
    }

    /// <summary>Applies the shipped schema (idempotent) and removes what earlier runs left, so each run starts from the same rows.</summary>
    private static async Task PrepareAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchemaScripts.ApplyAllAsync(dataSource);
        foreach (var sql in (string[])["DELETE FROM orleans_grain_state WHERE service_id = $1", "DELETE FROM OrleansStorage WHERE ServiceId = $1"])
        {
            await using var clear = dataSource.CreateCommand(sql);
            clear.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
            await clear.ExecuteNonQueryAsync();
        }
    }
}
