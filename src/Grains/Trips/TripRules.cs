namespace Coordination.Grains.Trips;

/// <summary>When two trips should travel together; per court (<c>Courts:N:Trips</c>).</summary>
public sealed class TripRules
{
    /// <summary>The time windows must overlap by at least this. Default 2 hours.</summary>
    public TimeSpan MinOverlap { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Destinations within this many metres count as the same place. Default 5,000 (R).</summary>
    public double SameDestinationMetres { get; set; } = 5_000;

    /// <summary>A destination within this many metres of another trip's route is on its way. Default 3,000 (D).</summary>
    public double OnTheWayMetres { get; set; } = 3_000;

    /// <summary>The setting's problem, or null.</summary>
    public string? Problem() =>
        MinOverlap <= TimeSpan.Zero || MinOverlap > TripPlan.MaxWindow ? "MinOverlap must be more than zero and at most 14 days."
        : SameDestinationMetres is <= 0 or > 100_000 || OnTheWayMetres is <= 0 or > 100_000 ? "SameDestinationMetres and OnTheWayMetres must be more than 0 and at most 100,000."
        : null;
}
