using Coordination.Grains.Courts;
using Coordination.Grains.Geography;
using Coordination.Grains.Trips;

namespace Coordination.Bench.Fixtures;

/// <summary>
/// A province of 20 courts (a 5 by 4 grid of areas about 100 by 125 km, seats at the centres) and its judges' trips:
/// most stay in their court's area, a fifth go anywhere in the province; most destinations lie near one of 400 towns;
/// two in five come with a route from the seat; windows of 2 to 10 hours over 60 days. Deterministic for a seed.
/// </summary>
internal sealed class ProvinceTrips
{
    public const int Columns = 5;
    public const int Rows = 4;
    private const double South = 28.0;
    private const double West = 102.0;
    private const double Width = 1.0;
    private const double Height = 1.125;
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private readonly Random _random;
    private readonly GeoPoint[] _towns;
    private int _next;

    public ProvinceTrips(int seed)
    {
        _random = new Random(seed);
        _towns = [.. Enumerable.Range(0, 400).Select(_ => new GeoPoint(South + (_random.NextDouble() * Rows * Height), West + (_random.NextDouble() * Columns * Width)))];
    }

    public static IReadOnlyList<CourtOptions> Courts { get; } = [.. Enumerable.Range(0, Columns * Rows).Select(Court)];

    public CourtAreas Areas { get; } = new(Courts);

    public static string CourtId(int n) => $"SC{n:00}";

    public TripShape Next()
    {
        var courtIndex = _random.Next(Columns * Rows);
        var court = CourtId(courtIndex);
        var seat = Courts[courtIndex].Seat!.ToPoint();
        var destinations = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Destination(courtIndex)).ToList();
        List<GeoPoint>? route = null;
        if (_random.NextDouble() < 0.4)
        {
            var to = destinations[0];
            route = [.. Enumerable.Range(0, 9).Select(k =>
            {
                var t = k / 8.0;
                var jitter = k is 0 or 8 ? 0 : (_random.NextDouble() - 0.5) * 0.03;
                return new GeoPoint(seat.Latitude + ((to.Latitude - seat.Latitude) * t) + jitter, seat.Longitude + ((to.Longitude - seat.Longitude) * t) - jitter);
            })];
        }

        var departAt = Start.AddDays(_random.Next(60)).AddMinutes(_random.Next(8 * 60));
        var members = _random.Next(4);
        var plan = new TripPlan("查控财产", [.. destinations.Select((d, i) => new TripDestination($"目的地{i + 1}", d.Latitude, d.Longitude))], route,
            departAt, departAt.AddHours(2 + (_random.NextDouble() * 8)), [$"{court}-2026-{_next:000000}"], [.. Enumerable.Range(0, members).Select(m => $"officer-{m}")],
            Math.Max(members + 1, 2 + _random.Next(6)));
        var trip = new Trip($"{court}-trip-{_next++:000000}", court, [$"judge-{court}-{_random.Next(20):00}"], plan, TripStatus.Planned, null, Areas.HoldersOf(court, plan.Destinations), 1);
        return Areas.ShapeOf(trip);
    }

    private GeoPoint Destination(int courtIndex)
    {
        var (south, west) = Corner(courtIndex);
        var point = _random.NextDouble() < 0.8
            ? new GeoPoint(south + (_random.NextDouble() * Height), west + (_random.NextDouble() * Width))
            : new GeoPoint(South + (_random.NextDouble() * Rows * Height), West + (_random.NextDouble() * Columns * Width));
        if (_random.NextDouble() < 0.3)
        {
            return point;
        }

        // Near the town closest to that point.
        var town = _towns.MinBy(t => Math.Abs(t.Latitude - point.Latitude) + Math.Abs(t.Longitude - point.Longitude));
        var metres = _random.NextDouble() * 10_000;
        var bearing = _random.NextDouble() * 2 * Math.PI;
        return new GeoPoint(town.Latitude + (metres * Math.Cos(bearing) / 111_195), town.Longitude + (metres * Math.Sin(bearing) / (111_195 * Math.Cos(town.Latitude * Math.PI / 180))));
    }

    private static (double South, double West) Corner(int courtIndex) => (South + (courtIndex / Columns * Height), West + (courtIndex % Columns * Width));

    private static CourtOptions Court(int n)
    {
        var (south, west) = Corner(n);
        return new CourtOptions
        {
            Id = CourtId(n),
            Name = $"第{n + 1}基层人民法院",
            Seat = new GeoPointSetting { Latitude = south + (Height / 2), Longitude = west + (Width / 2) },
            Area =
            [
                new() { Latitude = south, Longitude = west },
                new() { Latitude = south, Longitude = west + Width },
                new() { Latitude = south + Height, Longitude = west + Width },
                new() { Latitude = south + Height, Longitude = west },
            ],
        };
    }
}
