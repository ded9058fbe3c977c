using Coordination.Grains.Courts;
using Coordination.Grains.Geography;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Coordination.Grains.Assistance;

/// <summary>The grid areas, found by point-in-polygon (NetTopologySuite) on a debtor's address. Built once at start; safe for concurrent use.</summary>
public sealed class GridDirectory
{
    private readonly Dictionary<string, GridAreaOptions> _areas = [];
    private readonly STRtree<(GridAreaOptions Options, IndexedPointInAreaLocator Area)> _index = new();

    /// <summary>Reads and checks the areas.</summary>
    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public GridDirectory(IReadOnlyList<GridAreaOptions> areas, CourtDirectory courts)
    {
        for (var i = 0; i < areas.Count; i++)
        {
            var area = areas[i];
            var setting = $"{GridAreaOptions.SectionName}:{i}";
            if (string.IsNullOrWhiteSpace(area.Id) || !_areas.TryAdd(area.Id, area))
            {
                throw new InvalidOperationException($"{setting}:Id must be set and unique (was '{area.Id}').");
            }

            if (!courts.Contains(area.CourtId) || string.IsNullOrWhiteSpace(area.WorkerId) || area.ResponseDays is < 1 or > 90)
            {
                throw new InvalidOperationException($"{setting}: CourtId must be a configured court, WorkerId a user id, ResponseDays between 1 and 90.");
            }

            var polygon = GeoPolygon.FromRing(area.Area, $"{setting}:Area");
            _index.Insert(polygon.EnvelopeInternal, (area, new IndexedPointInAreaLocator(polygon)));
        }

        _index.Build();
    }

    /// <summary>Every area.</summary>
    public IEnumerable<GridAreaOptions> Areas => _areas.Values;

    /// <summary>An area by id, or null.</summary>
    public GridAreaOptions? Find(string areaId) => _areas.GetValueOrDefault(areaId);

    /// <summary>The area of <paramref name="courtId"/> that holds <paramref name="point"/>, or null.</summary>
    public GridAreaOptions? AreaAt(string courtId, GeoPoint point)
    {
        var coordinate = GeoPolygon.Coordinate(point);
        return _index.Query(new Envelope(coordinate))
            .Where(a => a.Options.CourtId == courtId && a.Area.Locate(coordinate) != Location.Exterior)
            .Select(a => a.Options)
            .OrderBy(a => a.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
