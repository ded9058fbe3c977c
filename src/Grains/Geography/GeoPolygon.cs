using NetTopologySuite.Geometries;

namespace Coordination.Grains.Geography;

/// <summary>Areas from configuration as NetTopologySuite polygons (x = longitude, y = latitude).</summary>
public static class GeoPolygon
{
    private static readonly GeometryFactory Geometry = new();

    /// <summary>The polygon of a ring of at least 3 points (closed if it is not).</summary>
    /// <exception cref="InvalidOperationException">Too few or bad points, or crossing edges; the message names <paramref name="setting"/>.</exception>
    public static Polygon FromRing(IReadOnlyList<GeoPointSetting> ring, string setting)
    {
        if (ring.Count < 3 || ring.Any(p => !p.ToPoint().IsValid))
        {
            throw new InvalidOperationException($"{setting} needs at least 3 points, each with a latitude in [-90, 90] and a longitude in [-180, 180].");
        }

        var coordinates = ring.Select(p => new Coordinate(p.Longitude, p.Latitude)).ToList();
        if (!coordinates[0].Equals2D(coordinates[^1]))
        {
            coordinates.Add(coordinates[0]);
        }

        var polygon = Geometry.CreatePolygon([.. coordinates]);
        return polygon.IsValid ? polygon : throw new InvalidOperationException($"{setting} is not a simple polygon (its edges cross).");
    }

    /// <summary>The NetTopologySuite coordinate of a point.</summary>
    public static Coordinate Coordinate(GeoPoint point) => new(point.Longitude, point.Latitude);
}
