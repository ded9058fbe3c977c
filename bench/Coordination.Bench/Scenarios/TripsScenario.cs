using System.Diagnostics;
using Coordination.Bench.Fixtures;
using Coordination.Grains.Trips;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Shared-travel matching for a province: 100,000 trips of 20 courts (see <see cref="ProvinceTrips"/>), each held by its
/// court's planner and by those of the courts it travels to. <c>build_ms</c>: building every planner's STRtree.
/// <c>p50_ms</c>/<c>p99_ms</c>: filing one more trip in every planner holding it and finding its matches, for each of
/// the next trips. value: the all-pairs batch, trips matched per second through the indexes; baseline: the brute-force
/// checker (every trip against all 100,000) on a sample, trips per second in the same run. The sample's matches must
/// be the same both ways.
/// </summary>
internal static class TripsScenario
{
    private const int Trips = 100_000;

    public static Task<BenchResult> RunAsync(bool quick)
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

        var latencies = new List<double>(newTrips);
        var suggested = 0L;
        for (var i = 0; i < newTrips; i++)
        {
            var shape = province.Next();
            started = Stopwatch.GetTimestamp();
            foreach (var court in shape.Trip.Holders)
            {
                var index = indexes[court];
                suggested += index.MatchesOf(shape).Count;
                index.Upsert(shape);
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        latencies.Sort();
        var (p50, p99) = (Measure.Percentile(latencies, 50), Measure.Percentile(latencies, 99));
        Measure.Report($"trips: {Trips:N0} trips of {courts.Count} courts; indexes built in {buildMs:N0} ms; all pairs: {pairs:N0} matches at {batch:N0} trips/s, " +
            $"brute force {baseline:N0} trips/s on {sample:N0} (same matches); {newTrips:N0} new trips: p50 {p50:N3} ms, p99 {p99:N3} ms, max {latencies[^1]:N1} ms, {suggested:N0} suggestions");
        return Task.FromResult(new BenchResult("trips", "trips matched per second, all pairs through the planners' indexes", "trips/s", batch, baseline)
            .With("build_ms", buildMs)
            .With("p50_ms", p50)
            .With("p99_ms", p99)
            .With("max_ms", latencies[^1])
            .With("matches", pairs)
            .With("trips", Trips));
    }
}
