using Coordination.Grains.Geography;
using Coordination.Grains.Trips;
using static Coordination.Grains.Tests.Trips.TripSamples;

namespace Coordination.Grains.Tests.Trips;

/// <summary>The overlap rules on hand-made geometry (defaults: 2 h in common, R 5 km, D 3 km).</summary>
public sealed class TripMatcherTests
{
    private static readonly TripRules Rules = new();
    private static readonly GeoPoint Street = Offset(Centre("SH01"), 3_000, 4_000);

    [Fact]
    public void TwoTripsToTheSameStreetOnTheSameAfternoon_AreSuggestedAsSameDestination()
    {
        var a = Shape("A", "SH01", Plan([Street], Afternoon));
        var b = Shape("B", "SH01", Plan([Offset(Street, 0, 300)], Afternoon.AddHours(1)));

        var match = TripMatcher.Match(a, b, Rules);

        Assert.NotNull(match);
        Assert.Equal(TripMatchRule.SameDestination, match.Rule);
        Assert.Equal(300, match.GapMetres, 1.0);
        Assert.Equal(TimeSpan.FromHours(3), match.Overlap);
        Assert.Equal(1, match.SavedVehicles);
        Assert.Equal(match, TripMatcher.Match(b, a, Rules));
    }

    [Fact]
    public void SamePlaceOnDifferentDays_IsNotSuggested()
    {
        var a = Shape("A", "SH01", Plan([Street], Afternoon));
        var b = Shape("B", "SH01", Plan([Street], Afternoon.AddDays(1)));

        Assert.Null(TripMatcher.Match(a, b, Rules));
    }

    [Fact]
    public void WindowsOverlappingByLessThanTheMinimum_AreNotSuggested()
    {
        var a = Shape("A", "SH01", Plan([Street], Afternoon));
        var b = Shape("B", "SH01", Plan([Street], Afternoon.AddHours(2.5)));

        Assert.Null(TripMatcher.Match(a, b, Rules));
        Assert.NotNull(TripMatcher.Match(a, b, new TripRules { MinOverlap = TimeSpan.FromHours(1.5) }));
    }

    [Theory]
    [InlineData(4_950, true)]
    [InlineData(5_050, false)]
    public void DestinationsAroundR_AreSuggestedOnlyWithinIt(double apart, bool suggested)
    {
        var a = Shape("A", "SH01", Plan([Street], Afternoon));
        var b = Shape("B", "SH01", Plan([Offset(Street, apart, 0)], Afternoon));

        Assert.Equal(suggested, TripMatcher.Match(a, b, Rules) is { Rule: TripMatchRule.SameDestination });
    }

    [Theory]
    [InlineData(2_500, true)]
    [InlineData(3_200, false)]
    public void ARoutePassingNearAnotherTripsDestination_IsOnTheWayWithinD(double offRoute, bool suggested)
    {
        // A drives 40 km east from the seat; B's destination lies beside the road, 20 km out.
        var seat = Centre("SH01");
        var route = Enumerable.Range(0, 5).Select(k => Offset(seat, 0, k * 10_000)).ToList();
        var a = Shape("A", "SH01", Plan([route[^1]], Afternoon, route: route));
        var b = Shape("B", "SH01", Plan([Offset(seat, offRoute, 20_000)], Afternoon));

        var match = TripMatcher.Match(a, b, Rules);

        Assert.Equal(suggested, match is not null);
        if (match is not null)
        {
            Assert.Equal(TripMatchRule.OnTheWay, match.Rule);
            Assert.Equal(offRoute, match.GapMetres, 5.0);
        }
    }

    [Fact]
    public void TwoFullVehicles_AreNotSuggested_ButAVehicleWithRoomForEveryoneHostsTheOther()
    {
        var full = Shape("A", "SH01", Plan([Street], Afternoon, members: 1, seats: 2));
        var alsoFull = Shape("B", "SH01", Plan([Street], Afternoon, members: 1, seats: 2));
        var roomy = Shape("C", "SH01", Plan([Street], Afternoon, members: 1, seats: 7));

        Assert.Null(TripMatcher.Match(full, alsoFull, Rules));
        Assert.Equal("C", TripMatcher.Match(full, roomy, Rules)?.HostTripId);
    }

    [Fact]
    public void Saving_IsTheGuestsRoundTripLessTheDetour()
    {
        var seat = Centre("SH01");
        var near = Offset(seat, 10_000, 0);
        var host = Shape("A", "SH01", Plan([Offset(near, 0, 1_000)], Afternoon, seats: 7));
        var guest = Shape("B", "SH01", Plan([near], Afternoon, seats: 3));

        var match = TripMatcher.Match(host, guest, Rules)!;

        Assert.Equal("A", match.HostTripId);
        Assert.Equal(20 - 2, match.SavedKm, 0.05);
    }

    [Fact]
    public void APairIsJudgedByTheFirstCourtHoldingBoth()
    {
        // A (SH01) goes into SH02's area; B (SH02) stays home; C (SH03) also goes to SH02 and SH01.
        var inSh02 = Offset(Centre("SH02"), 0, 0);
        var a = Trip("A", "SH01", Plan([inSh02], Afternoon));
        var b = Trip("B", "SH02", Plan([inSh02], Afternoon));
        var c = Trip("C", "SH03", Plan([inSh02, Centre("SH01")], Afternoon));

        Assert.Equal(["SH01", "SH02"], a.Holders);
        Assert.Equal("SH02", TripMatcher.OwnerOf(a, b));
        Assert.Equal("SH01", TripMatcher.OwnerOf(a, c));
        Assert.Null(TripMatcher.OwnerOf(Trip("D", "SH03", Plan([Centre("SH03")], Afternoon)), b));
    }
}
