using Coordination.Grains.Courts;
using Coordination.Grains.Geography;
using Coordination.Grains.Trips;

namespace Coordination.Grains.Tests.Trips;

/// <summary>Trips and court areas for the planner tests: three courts side by side, each a 0.5° square, seats at the centres.</summary>
internal static class TripSamples
{
    public const double MetresPerDegree = 111_195; // on the haversine sphere
    public static readonly DateTimeOffset Afternoon = new(2026, 12, 1, 13, 0, 0, TimeSpan.FromHours(8));

    public static readonly IReadOnlyList<CourtOptions> Courts =
    [
        Court("SH01", 31.00, 121.00),
        Court("SH02", 31.00, 121.50),
        Court("SH03", 30.50, 121.00),
    ];

    public static CourtAreas Areas { get; } = new(Courts);

    public static GeoPoint Centre(string court) => Courts.Single(c => c.Id == court).Seat!.ToPoint();

    /// <summary>The point <paramref name="north"/> and <paramref name="east"/> metres from <paramref name="from"/>.</summary>
    public static GeoPoint Offset(GeoPoint from, double north, double east) =>
        new(from.Latitude + (north / MetresPerDegree), from.Longitude + (east / (MetresPerDegree * Math.Cos(from.Latitude * Math.PI / 180))));

    public static TripPlan Plan(IEnumerable<GeoPoint> destinations, DateTimeOffset departAt, double hours = 4, IReadOnlyList<GeoPoint>? route = null, int members = 1, int seats = 5) => new(
        "查控财产", [.. destinations.Select((d, i) => new TripDestination($"目的地{i + 1}", d.Latitude, d.Longitude))], route, departAt, departAt.AddHours(hours),
        ["SH01-2026-000001"], [.. Enumerable.Range(1, members).Select(m => $"officer-{m}")], seats);

    public static Trip Trip(string id, string court, TripPlan plan, string judge = "judge-wang", long version = 1) =>
        new(id, court, [judge], plan, TripStatus.Planned, null, Areas.HoldersOf(court, plan.Destinations), version);

    public static TripShape Shape(string id, string court, TripPlan plan) => Areas.ShapeOf(Trip(id, court, plan));

    private static CourtOptions Court(string id, double south, double west) => new()
    {
        Id = id,
        Name = id,
        Seat = new GeoPointSetting { Latitude = south + 0.25, Longitude = west + 0.25 },
        Area =
        [
            new() { Latitude = south, Longitude = west },
            new() { Latitude = south, Longitude = west + 0.5 },
            new() { Latitude = south + 0.5, Longitude = west + 0.5 },
            new() { Latitude = south + 0.5, Longitude = west },
        ],
    };
}
