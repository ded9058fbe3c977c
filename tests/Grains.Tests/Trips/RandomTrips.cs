using Coordination.Grains.Geography;
using Coordination.Grains.Trips;
using static Coordination.Grains.Tests.Trips.TripSamples;

namespace Coordination.Grains.Tests.Trips;

/// <summary>
/// Generated trips over the three sample courts and a little beyond: most go near one of a few dozen hot spots (so
/// many pairs match), some anywhere; some with a winding route from the court's seat; windows over ten days.
/// </summary>
internal sealed class RandomTrips(int seed)
{
    private static readonly string[] CourtIds = ["SH01", "SH02", "SH03"];
    private readonly Random _random = new(seed);
    private readonly GeoPoint[] _hotSpots = Enumerable.Range(0, 40).Select(i => new GeoPoint(30.45 + ((i * 7919 % 1000) / 1000.0 * 1.1), 120.95 + ((i * 104_729 % 1000) / 1000.0 * 1.1))).ToArray();
    private int _next;

    public Trip Next()
    {
        var court = CourtIds[_random.Next(CourtIds.Length)];
        var id = $"T{_next++:00000}";
        return Trip(id, court, PlanFor(court), judge: $"judge-{court}-{_random.Next(20)}");
    }

    /// <summary>A new plan for the same trip (a judge changing it).</summary>
    public Trip Changed(Trip trip)
    {
        var plan = PlanFor(trip.CourtId);
        return trip with { Plan = plan, Holders = Areas.HoldersOf(trip.CourtId, plan.Destinations), Version = trip.Version + 1 };
    }

    private TripPlan PlanFor(string court)
    {
        var destinations = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Destination()).ToList();
        List<GeoPoint>? route = null;
        if (_random.NextDouble() < 0.4)
        {
            var from = Centre(court);
            var to = destinations[0];
            var vertices = 2 + _random.Next(7);
            route = [.. Enumerable.Range(0, vertices + 1).Select(k =>
            {
                var t = (double)k / vertices;
                var jitter = k == 0 || k == vertices ? 0 : (_random.NextDouble() - 0.5) * 0.02;
                return new GeoPoint(from.Latitude + ((to.Latitude - from.Latitude) * t) + jitter, from.Longitude + ((to.Longitude - from.Longitude) * t) - jitter);
            })];
        }

        var departAt = Afternoon.AddDays(_random.Next(10)).AddHours(_random.Next(-6, 3)).AddMinutes(_random.Next(60));
        var members = _random.Next(4);
        var seats = Math.Max(members + 1, 2 + _random.Next(6));
        return Plan(destinations, departAt, hours: 2 + (_random.NextDouble() * 8), route: route, members: members, seats: seats);
    }

    private GeoPoint Destination()
    {
        if (_random.NextDouble() < 0.3)
        {
            return new GeoPoint(30.4 + (_random.NextDouble() * 1.2), 120.9 + (_random.NextDouble() * 1.2));
        }

        var spot = _hotSpots[_random.Next(_hotSpots.Length)];
        var metres = _random.NextDouble() * 8_000;
        var bearing = _random.NextDouble() * 2 * Math.PI;
        return Offset(spot, metres * Math.Cos(bearing), metres * Math.Sin(bearing));
    }
}
