using Coordination.Grains.Geography;

namespace Coordination.Grains.Trips;

/// <summary>Which overlap rule matched.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripMatchRule")]
public enum TripMatchRule
{
    /// <summary>Destinations lie within <see cref="TripRules.SameDestinationMetres"/> of each other.</summary>
    SameDestination,

    /// <summary>A destination lies within <see cref="TripRules.OnTheWayMetres"/> of the other trip's route.</summary>
    OnTheWay,
}

/// <summary>Why two trips should share a vehicle and what it saves.</summary>
/// <param name="Rule">The rule that matched.</param>
/// <param name="GapMetres">How far apart the matched places are (destination to destination, or destination to route).</param>
/// <param name="Overlap">How long the time windows overlap.</param>
/// <param name="HostTripId">The trip whose vehicle takes everyone (it has the seats; the other stays home).</param>
/// <param name="SavedKm">Estimated vehicle-km saved: the other vehicle's round trip less the detour (twice the gap).</param>
/// <param name="SavedVehicles">Vehicles saved.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.TripMatch")]
public sealed record TripMatch([Id(0)] TripMatchRule Rule, [Id(1)] double GapMetres, [Id(2)] TimeSpan Overlap, [Id(3)] string HostTripId, [Id(4)] double SavedKm, [Id(5)] int SavedVehicles);

/// <summary>
/// The overlap rules, used alike by the planners (on their index's candidates) and by the brute-force checker (on all pairs).
/// A pair is judged by one planner only: the first, by court id, of the courts holding both trips, with that court's rules.
/// </summary>
public static class TripMatcher
{
    /// <summary>The court whose planner judges the pair; null when no planner holds both.</summary>
    public static string? OwnerOf(Trip a, Trip b)
    {
        string? owner = null;
        foreach (var court in a.Holders)
        {
            if (b.Holders.Contains(court) && (owner is null || string.CompareOrdinal(court, owner) < 0))
            {
                owner = court;
            }
        }

        return owner;
    }

    /// <summary>The match between two different open trips under <paramref name="rules"/>, or null.</summary>
    public static TripMatch? Match(TripShape a, TripShape b, TripRules rules)
    {
        var (ta, tb) = (a.Trip, b.Trip);
        if (ta.Id == tb.Id || !ta.IsOpen || !tb.IsOpen)
        {
            return null;
        }

        var overlap = Min(ta.Plan.ReturnBy, tb.Plan.ReturnBy) - Max(ta.Plan.DepartAt, tb.Plan.DepartAt);
        var people = ta.People + tb.People;
        if (overlap < rules.MinOverlap || people > Math.Max(ta.Plan.Seats, tb.Plan.Seats))
        {
            return null;
        }

        var (rule, gap) = NearestDestinations(a, b) is var near && near <= rules.SameDestinationMetres
            ? (TripMatchRule.SameDestination, near)
            : (TripMatchRule.OnTheWay, Math.Min(OnRoute(a, b), OnRoute(b, a)));
        if (rule == TripMatchRule.OnTheWay && gap > rules.OnTheWayMetres)
        {
            return null;
        }

        var host = HostOf(a, b, people);
        var guest = host == a ? b : a;
        return new TripMatch(rule, gap, overlap, host.Trip.Id, Math.Max(0, guest.RoundTripKm - (2 * gap / 1000)), 1);
    }

    /// <summary>The vehicle that takes everyone: one with the seats; of two that have them, more seats, then the longer trip, then the lower id.</summary>
    private static TripShape HostOf(TripShape a, TripShape b, int people)
    {
        var (aFits, bFits) = (people <= a.Trip.Plan.Seats, people <= b.Trip.Plan.Seats);
        if (aFits != bFits)
        {
            return aFits ? a : b;
        }

        var order = (a.Trip.Plan.Seats, a.RoundTripKm).CompareTo((b.Trip.Plan.Seats, b.RoundTripKm));
        return order > 0 || (order == 0 && string.CompareOrdinal(a.Trip.Id, b.Trip.Id) < 0) ? a : b;
    }

    private static double NearestDestinations(TripShape a, TripShape b)
    {
        var nearest = double.MaxValue;
        foreach (var x in a.Destinations)
        {
            foreach (var y in b.Destinations)
            {
                nearest = Math.Min(nearest, GeoDistance.Metres(x, y));
            }
        }

        return nearest;
    }

    /// <summary>How near any of <paramref name="visitor"/>'s destinations comes to <paramref name="route"/>'s route.</summary>
    private static double OnRoute(TripShape route, TripShape visitor)
    {
        if (route.Route is null)
        {
            return double.MaxValue;
        }

        var nearest = double.MaxValue;
        foreach (var destination in visitor.Destinations)
        {
            nearest = Math.Min(nearest, route.DistanceToRouteMetres(destination));
        }

        return nearest;
    }

    private static DateTimeOffset Min(DateTimeOffset x, DateTimeOffset y) => x < y ? x : y;

    private static DateTimeOffset Max(DateTimeOffset x, DateTimeOffset y) => x > y ? x : y;
}
