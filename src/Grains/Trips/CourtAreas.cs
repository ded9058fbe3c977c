using Coordination.Grains.Courts;
using Coordination.Grains.Geography;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coordination.Grains.Trips;

/// <summary>
/// The courts' seats, areas and trip rules. A trip is held by its own court's planner and by the planners of the courts
/// whose areas its destinations lie in (point-in-polygon with NetTopologySuite). Built once at start; safe for concurrent use.
/// </summary>
public sealed class CourtAreas
{
    private readonly Dictionary<string, (GeoPoint? Seat, TripRules Rules, IReadOnlyList<GeoPoint> Outline)> _courts = [];
    private readonly STRtree<(string CourtId, IndexedPointInAreaLocator Area)> _areas = new();

    /// <summary>Reads the courts' settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public CourtAreas(IReadOnlyList<CourtOptions> courts)
    {
        for (var i = 0; i < courts.Count; i++)
        {
            var court = courts[i];
            var setting = $"{CourtOptions.SectionName}:{i}";
            if (court.Seat is { } seat && !seat.ToPoint().IsValid)
            {
                throw new InvalidOperationException($"{setting}:Seat needs a latitude in [-90, 90] and a longitude in [-180, 180].");
            }

            if (court.Trips.Problem() is { } problem)
            {
                throw new InvalidOperationException($"{setting}:Trips: {problem}");
            }

            _courts[court.Id] = (court.Seat?.ToPoint(), court.Trips, [.. court.Area.Select(p => p.ToPoint())]);
            if (court.Area.Count > 0)
            {
                var polygon = GeoPolygon.FromRing(court.Area, $"{setting}:Area");
                _areas.Insert(polygon.EnvelopeInternal, (court.Id, new IndexedPointInAreaLocator(polygon)));
            }
        }

        _areas.Build();
    }

    /// <summary>The court's seat, if configured.</summary>
    public GeoPoint? SeatOf(string courtId) => _courts.TryGetValue(courtId, out var court) ? court.Seat : null;

    /// <summary>The court's area as configured (empty if none).</summary>
    public IReadOnlyList<GeoPoint> OutlineOf(string courtId) => _courts.TryGetValue(courtId, out var court) ? court.Outline : [];

    /// <summary>The court's trip rules (defaults for a court not configured).</summary>
    public TripRules RulesOf(string courtId) => _courts.TryGetValue(courtId, out var court) ? court.Rules : new TripRules();

    /// <summary>The courts whose areas hold <paramref name="point"/>.</summary>
    public IEnumerable<string> CourtsAt(GeoPoint point)
    {
        var coordinate = GeoPolygon.Coordinate(point);
        foreach (var (courtId, area) in _areas.Query(new Envelope(coordinate)))
        {
            if (area.Locate(coordinate) != Location.Exterior)
            {
                yield return courtId;
            }
        }
    }

    /// <summary>The planners that hold a trip of <paramref name="courtId"/> to <paramref name="destinations"/>, in court id order.</summary>
    public IReadOnlyList<string> HoldersOf(string courtId, IEnumerable<TripDestination> destinations) =>
        [.. destinations.SelectMany(d => CourtsAt(d.Point)).Append(courtId).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The trip prepared for matching, setting out from its court's seat.</summary>
    public TripShape ShapeOf(Trip trip) => new(trip, SeatOf(trip.CourtId));
}
