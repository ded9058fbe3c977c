using NetTopologySuite.Geometries;

namespace Coordination.Grains.Geography;

/// <summary>
/// A circle of <see cref="RadiusMetres"/> around an operation site. Positions are projected onto a plane tangent at the
/// site (metres east and north; equirectangular, whose error within a few kilometres is far below GPS accuracy) and
/// compared there with NetTopologySuite.
/// </summary>
public sealed class SiteGeofence
{
    private const double MetresPerDegreeLatitude = 111_320;
    private static readonly GeometryFactory Plane = new();
    private readonly Point _site = Plane.CreatePoint(new Coordinate(0, 0));
    private readonly GeoPoint _origin;
    private readonly double _metresPerDegreeLongitude;

    /// <summary>A fence around <paramref name="site"/>.</summary>
    public SiteGeofence(GeoPoint site, double radiusMetres)
    {
        _origin = site;
        RadiusMetres = radiusMetres;
        _metresPerDegreeLongitude = MetresPerDegreeLatitude * Math.Cos(site.Latitude * Math.PI / 180);
    }

    /// <summary>The radius.</summary>
    public double RadiusMetres { get; }

    /// <summary>Whether <paramref name="position"/> is within <paramref name="radiusMetres"/> (default: the fence's radius) of the site.</summary>
    public bool Contains(GeoPoint position, double? radiusMetres = null) => _site.IsWithinDistance(Project(position), radiusMetres ?? RadiusMetres);

    /// <summary>Distance from the site in metres.</summary>
    public double DistanceMetres(GeoPoint position) => _site.Distance(Project(position));

    private Point Project(GeoPoint position) => Plane.CreatePoint(new Coordinate(
        (position.Longitude - _origin.Longitude) * _metresPerDegreeLongitude,
        (position.Latitude - _origin.Latitude) * MetresPerDegreeLatitude));
}
