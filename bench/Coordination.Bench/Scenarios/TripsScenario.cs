using System.Diagnostics;
using Coordination.Bench.Fixtures;
using Coordination.Grains.Hosting;
using Coordination.Grains.Journals;
using Coordination.Grains.Trips;
using Coordination.Silo.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Shared-travel matching for a province: 100,000 trips of 20 courts (see <see cref="ProvinceTrips"/>), each held by its
/// court's planner and by those of the courts it travels to. <c>build_ms</c>: building every planner's STRtree.
/// <c>p50_ms</c>/<c>p99_ms</c>: for each of the next trips, <see cref="ITripPlannerGrain.Hold"/> on every trip-planner grain
/// holding it (on the node's Orleans silo, SQLite), which stores the trip, finds its matches in the grain's index and stores
/// and announces each suggestion; the planners start from a snapshot holding the 100,000 trips (<c>planners_load_ms</c>:
/// activating them and building their indexes). <c>index_p50_ms</c>/<c>index_p99_ms</c>: the same trips on bare indexes.
/// value: the all-pairs batch, trips matched per second through the planners' index (<see cref="TripIndex"/>, the type the
/// grain keeps; the grain has no all-pairs call); baseline: the brute-force checker (every trip against all 100,000) on a sample, trips per second in the same run. The sample's matches must
/// be the same both ways.
/// </summary>
internal static class TripsScenario
{
    private const int Trips = 100_000;

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var (newTrips, sample, repetitions) = quick ? (2_000, 200, 1) : (10_000, 1_000, 3);
        var province = new ProvinceTrips(seed: 2026);
        var shapes = Enumerable.Range(0, Trips).Select(_ => province.Next()).ToList();
        var courts = ProvinceTrips.Courts.Select(c => c.Id).ToList();

        var started = Stopwatch.GetTimestamp();
        var indexes = courts.ToDictionary(c => c, c => TripIndex.Build(c, province.Areas.RulesOf(c), shapes.Where(s => s.Trip.Holders.Contains(c))));
        var buildMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var pairs = 0L;
        var batch = 0.0;
        for (var i = 0; i < repetitions; i++)
        {
            started = Stopwatch.GetTimestamp();
            pairs = indexes.Values.Sum(index => index.AllMatches().LongCount());
            batch = Math.Max(batch, Trips / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        var sampled = shapes.Take(sample).ToList();
        started = Stopwatch.GetTimestamp();
        var bruteForce = sampled.Select(s => TripPairChecker.MatchesOf(s, shapes, province.Areas.RulesOf).Select(m => (m.B.Trip.Id, m.Owner, m.Match)).ToList()).ToList();
        var baseline = sample / Stopwatch.GetElapsedTime(started).TotalSeconds;
        for (var i = 0; i < sample; i++)
        {
            var indexed = sampled[i].Trip.Holders.SelectMany(c => indexes[c].MatchesOf(sampled[i]).Select(m => (m.Other.Trip.Id, c, m.Match)));
            if (!indexed.OrderBy(m => m.Item1, StringComparer.Ordinal).SequenceEqual(bruteForce[i].OrderBy(m => m.Item1, StringComparer.Ordinal)))
            {
                throw new InvalidOperationException($"Trip {sampled[i].Trip.Id}: the index and the brute-force checker disagree.");
            }
        }

        // The next trips, timed twice: through the planner grains (what a filed trip costs), and through the bare indexes.
        var next = Enumerable.Range(0, newTrips).Select(_ => province.Next()).ToList();
        var indexLatencies = new List<double>(newTrips);
        var suggested = 0L;
        foreach (var shape in next)
        {
            started = Stopwatch.GetTimestamp();
            foreach (var court in shape.Trip.Holders)
            {
                var index = indexes[court];
                suggested += index.MatchesOf(shape).Count;
                index.Upsert(shape);
            }

            indexLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var (loadMs, latencies) = await ThroughPlannersAsync(province, shapes, next);
        indexLatencies.Sort();
        latencies.Sort();
        var (p50, p99) = (Measure.Percentile(latencies, 50), Measure.Percentile(latencies, 99));
        Measure.Report($"trips: {Trips:N0} trips of {courts.Count} courts; indexes built in {buildMs:N0} ms; all pairs: {pairs:N0} matches at {batch:N0} trips/s, " +
            $"brute force {baseline:N0} trips/s on {sample:N0} (same matches); {newTrips:N0} new trips through the planner grains: p50 {p50:N3} ms, p99 {p99:N3} ms, max {latencies[^1]:N1} ms " +
            $"(the bare indexes: p50 {Measure.Percentile(indexLatencies, 50):N3} ms, p99 {Measure.Percentile(indexLatencies, 99):N3} ms), {suggested:N0} suggestions; planners loaded in {loadMs:N0} ms");
        return new BenchResult("trips", "trips matched per second, all pairs through the planners' indexes", "trips/s", batch, baseline)
            .With("build_ms", buildMs)
            .With("p50_ms", p50)
            .With("p99_ms", p99)
            .With("max_ms", latencies[^1])
            .With("matches", pairs)
            .With("trips", Trips)
            .With("planners_load_ms", loadMs)
            .With("index_p50_ms", Measure.Percentile(indexLatencies, 50))
            .With("index_p99_ms", Measure.Percentile(indexLatencies, 99))
            .With("suggestions", suggested);
    }

    /// <summary>
    /// Starts a node whose planners hold <paramref name="held"/> (their snapshots written through the node's grain storage
    /// before they activate), activates every planner and builds its index (the first Hold builds it), then times
    /// <see cref="ITripPlannerGrain.Hold"/> of each trip of <paramref name="next"/> on all its holders, one trip after the other.
    /// </summary>
    private static async Task<(double LoadMs, List<double> Latencies)> ThroughPlannersAsync(ProvinceTrips province, List<TripShape> held, List<TripShape> next)
    {
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            await using var node = await BenchNode.StartAsync(new NodeStorageOptions { SqlitePath = Path.Combine(folder.FullName, "trips.db") },
                deployment => deployment.Courts.AddRange(ProvinceTrips.Courts));
            var storage = node.Services.GetRequiredKeyedService<IGrainStorage>("Default");
            var courts = ProvinceTrips.Courts.Select(c => c.Id).ToList();
            await Task.WhenAll(courts.Select(async court =>
            {
                var state = new TripPlannerState();
                foreach (var shape in held.Where(s => s.Trip.Holders.Contains(court)))
                {
                    state.Trips[shape.Trip.Id] = shape.Trip;
                }

                var snapshot = new GrainState<JournalSnapshot<TripPlannerState>> { State = new() { Version = state.Trips.Count, State = state } };
                await storage.WriteStateAsync(JournalSnapshots.StateName, GrainId.Create("trip-planner", court), snapshot);
            }));

            var started = Stopwatch.GetTimestamp();
            var warmUp = new HashSet<string>();
            while (warmUp.Count < courts.Count)
            {
                var shape = province.Next();
                await Task.WhenAll(shape.Trip.Holders.Select(court => node.GrainFactory.GetGrain<ITripPlannerGrain>(court).Hold(shape.Trip)));
                warmUp.UnionWith(shape.Trip.Holders);
            }

            var loadMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var latencies = new List<double>(next.Count);
            foreach (var shape in next)
            {
                started = Stopwatch.GetTimestamp();
                await Task.WhenAll(shape.Trip.Holders.Select(court => node.GrainFactory.GetGrain<ITripPlannerGrain>(court).Hold(shape.Trip)));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            latencies.Sort();
            return (loadMs, latencies);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }
}
