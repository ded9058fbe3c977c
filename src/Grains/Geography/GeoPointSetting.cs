namespace Coordination.Grains.Geography;

/// <summary>A position in configuration.</summary>
public sealed class GeoPointSetting
{
    /// <summary>WGS 84 latitude.</summary>
    public double Latitude { get; set; }

    /// <summary>WGS 84 longitude.</summary>
    public double Longitude { get; set; }

    /// <summary>As a point.</summary>
    public GeoPoint ToPoint() => new(Latitude, Longitude);
}
