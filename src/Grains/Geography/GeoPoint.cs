namespace Coordination.Grains.Geography;

/// <summary>A WGS 84 position in degrees.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Geography.GeoPoint")]
public readonly record struct GeoPoint([Id(0)] double Latitude, [Id(1)] double Longitude)
{
    /// <summary>Whether both coordinates are finite and in range.</summary>
    public bool IsValid => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;
}
