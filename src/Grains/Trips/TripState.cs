namespace Coordination.Grains.Trips;

/// <summary>A trip's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripState")]
public sealed class TripState
{
    /// <summary>The trip; null until filed.</summary>
    [Id(0)]
    public Trip? Trip { get; set; }

    /// <summary>The version every holder has been sent.</summary>
    [Id(1)]
    public long SentVersion { get; set; }

    /// <summary>Planners that held an earlier version and still have to be told to let go.</summary>
    [Id(2)]
    public List<string> ReleaseFrom { get; set; } = [];

    /// <summary>Suggestions whose guest trip this trip took in.</summary>
    [Id(3)]
    public List<string> Absorbed { get; set; } = [];
}
