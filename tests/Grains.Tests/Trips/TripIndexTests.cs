using Coordination.Grains.Trips;
using static Coordination.Grains.Tests.Trips.TripSamples;

namespace Coordination.Grains.Tests.Trips;

/// <summary>The planners' STRtree indexes against the brute-force all-pairs checker on thousands of generated trips.</summary>
public sealed class TripIndexTests
{
    private static readonly string[] CourtIds = ["SH01", "SH02", "SH03"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IndexesBuiltAtOnce_FindExactlyThePairsTheBruteForceCheckerFinds(int seed)
    {
        var generator = new RandomTrips(seed);
        var shapes = Enumerable.Range(0, 3_000).Select(_ => Areas.ShapeOf(generator.Next())).ToList();

        var expected = BruteForce(shapes);
        var found = CourtIds.SelectMany(court => TripIndex.Build(court, Areas.RulesOf(court), shapes.Where(s => s.Trip.Holders.Contains(court)))
            .AllMatches().Select(m => (m.A.Trip.Id, m.B.Trip.Id, court, m.Match)));

        Assert.Equal(expected, Sorted(found));
        AssertNotTrivial(expected, shapes);
    }

    [Fact]
    public void IndexesKeptUpToDateTripByTrip_FindExactlyThePairsTheBruteForceCheckerFinds()
    {
        var generator = new RandomTrips(3);
        var random = new Random(3);
        var indexes = CourtIds.ToDictionary(c => c, c => new TripIndex(c, Areas.RulesOf(c)));
        var trips = new Dictionary<string, TripShape>();
        for (var i = 0; i < 2_500; i++)
        {
            var roll = random.NextDouble();
            if (roll < 0.1 && trips.Count > 0)
            {
                var gone = trips.Keys.ElementAt(random.Next(trips.Count));
                foreach (var court in trips[gone].Trip.Holders)
                {
                    Assert.True(indexes[court].Remove(gone));
                }

                trips.Remove(gone);
                continue;
            }

            var trip = roll < 0.25 && trips.Count > 0 ? generator.Changed(trips.Values.ElementAt(random.Next(trips.Count)).Trip) : generator.Next();
            var shape = Areas.ShapeOf(trip);
            if (trips.TryGetValue(trip.Id, out var old))
            {
                foreach (var court in old.Trip.Holders.Except(trip.Holders))
                {
                    indexes[court].Remove(trip.Id);
                }
            }

            trips[trip.Id] = shape;
            var matches = trip.Holders.SelectMany(court =>
            {
                indexes[court].Upsert(shape);
                return indexes[court].MatchesOf(shape).Select(m => (m.Other.Trip.Id, court, m.Match));
            });
            var expected = TripPairChecker.MatchesOf(shape, [.. trips.Values], Areas.RulesOf).Select(m => (m.B.Trip.Id, m.Owner, m.Match));
            Assert.Equal(expected.OrderBy(m => m.Item1, StringComparer.Ordinal), matches.OrderBy(m => m.Item1, StringComparer.Ordinal));
        }

        var all = BruteForce([.. trips.Values]);
        Assert.Equal(all, Sorted(CourtIds.SelectMany(court => indexes[court].AllMatches().Select(m => (m.A.Trip.Id, m.B.Trip.Id, court, m.Match)))));
        AssertNotTrivial(all, trips.Values);
    }

    private static List<(string, string, string, TripMatch)> BruteForce(List<TripShape> shapes) =>
        Sorted(TripPairChecker.AllMatches(shapes, Areas.RulesOf).Select(m => (m.A.Trip.Id, m.B.Trip.Id, m.Owner, m.Match)));

    private static List<(string, string, string, TripMatch)> Sorted(IEnumerable<(string A, string B, string Owner, TripMatch Match)> matches) =>
        [.. matches.OrderBy(m => m.A, StringComparer.Ordinal).ThenBy(m => m.B, StringComparer.Ordinal)];

    /// <summary>Enough pairs of every kind that a missing or extra one would show: both rules, every planner, trips of different courts.</summary>
    private static void AssertNotTrivial(List<(string A, string B, string Owner, TripMatch Match)> matches, IEnumerable<TripShape> shapes)
    {
        var courtOf = shapes.ToDictionary(s => s.Trip.Id, s => s.Trip.CourtId);
        Assert.True(matches.Count > 200, $"Only {matches.Count} pairs matched.");
        Assert.Contains(matches, m => m.Match.Rule == TripMatchRule.OnTheWay);
        Assert.All(CourtIds, court => Assert.Contains(matches, m => m.Owner == court));
        Assert.Contains(matches, m => courtOf[m.A] != courtOf[m.B]);
    }
}
