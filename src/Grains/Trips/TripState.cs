namespace Coordination.Grains.Trips;

/// <summary>A trip's stored state.</summary>
public sealed class TripState
{
    /// <summary>The trip; null until filed.</summary>
    public Trip? Trip { get; set; }

    /// <summary>The version every holder has been sent.</summary>
    public long SentVersion { get; set; }

    /// <summary>Planners that held an earlier version and still have to be told to let go.</summary>
    public List<string> ReleaseFrom { get; set; } = [];

    /// <summary>Suggestions whose guest trip this trip took in.</summary>
    public List<string> Absorbed { get; set; } = [];
}
