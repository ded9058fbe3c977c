using Coordination.Bench.Grains;
using Coordination.Silo.Runtime;
using Microsoft.Data.Sqlite;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// New Orleans activations per second, each reading its (empty) state from the node's SQLite grain storage, 100,000
/// grains per run, and the managed memory an idle activation keeps. Baseline: the same number of point reads on one raw SQLite connection.
/// </summary>
internal static class ActivateScenario
{
    private const int Grains = 100_000;
    private const int InFlight = 512;

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var repetitions = quick ? 1 : 3;
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            var path = Path.Combine(folder.FullName, "activate.db");
            var best = 0.0;
            var bytesPerActivation = 0.0;
            for (var run = 0; run < repetitions; run++)
            {
                await using var node = await BenchNode.StartAsync(new NodeStorageOptions { SqlitePath = path });
                await ActivateAsync(node, $"warmup{run}-", 5_000);
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var rate = await Measure.RateAsync(Grains, () => ActivateAsync(node, $"run{run}-", Grains));
                var after = GC.GetTotalMemory(forceFullCollection: true);
                best = Math.Max(best, rate);
                bytesPerActivation = (after - before) / (double)Grains;
                GC.KeepAlive(node);
            }

            var raw = await Measure.RateAsync(Grains, () => Task.Run(() => RawReads(path, Grains)));
            Measure.Report($"activate: {Grains:N0} activations: {best:N0}/s, {bytesPerActivation:N0} bytes each idle; raw SQLite point reads {raw:N0}/s");
            return new BenchResult("activate", "new activations per second (state read from SQLite)", "activations/s", best, raw)
                .With("bytes_per_activation", bytesPerActivation)
                .With("grains", Grains);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static Task ActivateAsync(BenchNode node, string prefix, int count) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = InFlight },
            async (i, _) => await node.GrainFactory.GetGrain<IStatefulGrain>(prefix + i).Touch());

    private static void RawReads(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, etag FROM orleans_grain_state WHERE grain_type = @type AND grain_key = @key AND state_name = @name";
        var type = command.Parameters.Add("@type", SqliteType.Text);
        var key = command.Parameters.Add("@key", SqliteType.Text);
        command.Parameters.AddWithValue("@name", StatefulGrain.StateName);
        type.Value = StatefulGrain.GrainTypeName;
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            key.Value = "raw-" + i;
            using var reader = command.ExecuteReader();
            reader.Read();
        }
    }
}
