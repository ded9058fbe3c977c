namespace Coordination.Grains.Geography;

/// <summary>Great-circle distances on the mean-radius sphere (the reference the local planes are checked against).</summary>
public static class GeoDistance
{
    /// <summary>Mean earth radius (IUGG), metres.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>Haversine distance in metres.</summary>
    public static double Metres(GeoPoint a, GeoPoint b)
    {
        var dLat = Radians(b.Latitude - a.Latitude);
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Radians(a.Latitude)) * Math.Cos(Radians(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    internal static double Radians(double degrees) => degrees * Math.PI / 180;
}
