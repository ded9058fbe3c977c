namespace Coordination.DeviceBridge.Simulation;

/// <summary>What the device simulator does.</summary>
public sealed class SimulatorOptions
{
    /// <summary>How many of the configured field teams move (the first N). Default: all.</summary>
    public int? Teams { get; set; }

    /// <summary>Messages per second, all devices together. Default 10.</summary>
    public double Rate { get; set; } = 10;

    /// <summary>How long to run; null runs until stopped (Ctrl+C). Default null.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Every Nth message is malformed in one of several ways (bad JSON, coordinates out of range, a future timestamp, an unknown device, another court's topic); 0 never. Default 200.</summary>
    public int MalformedEvery { get; set; } = 200;

    /// <summary>Radius of each team's circular route, metres. Default 1,500.</summary>
    public double RouteRadiusMetres { get; set; } = 1_500;
}
