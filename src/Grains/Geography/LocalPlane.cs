using NetTopologySuite.Geometries;

namespace Coordination.Grains.Geography;

/// <summary>
/// An azimuthal equidistant projection centred at <see cref="Origin"/>: metres east (x) and north (y) on a plane where
/// every distance from the origin is the great-circle distance. Within 300 km of the origin the scale elsewhere is off
/// by at most c/sin c - 1 (c the angle from the origin), under 0.04%, so distances between any two such points stay
/// within 0.5% of haversine.
/// </summary>
public sealed class LocalPlane
{
    private readonly double _sinOrigin;
    private readonly double _cosOrigin;

    /// <summary>A plane centred at <paramref name="origin"/>.</summary>
    public LocalPlane(GeoPoint origin)
    {
        Origin = origin;
        _sinOrigin = Math.Sin(GeoDistance.Radians(origin.Latitude));
        _cosOrigin = Math.Cos(GeoDistance.Radians(origin.Latitude));
    }

    /// <summary>The centre.</summary>
    public GeoPoint Origin { get; }

    /// <summary>Where <paramref name="point"/> lies on the plane, in metres.</summary>
    public Coordinate Project(GeoPoint point)
    {
        var latitude = GeoDistance.Radians(point.Latitude);
        var dLon = GeoDistance.Radians(point.Longitude - Origin.Longitude);
        var (sinLat, cosLat) = Math.SinCos(latitude);
        var (sinDLon, cosDLon) = Math.SinCos(dLon);
        var cosC = Math.Clamp((_sinOrigin * sinLat) + (_cosOrigin * cosLat * cosDLon), -1, 1);
        var c = Math.Acos(cosC);
        var k = c < 1e-12 ? 1 : c / Math.Sin(c);
        return new Coordinate(
            GeoDistance.EarthRadiusMetres * k * cosLat * sinDLon,
            GeoDistance.EarthRadiusMetres * k * ((_cosOrigin * sinLat) - (_sinOrigin * cosLat * cosDLon)));
    }
}
