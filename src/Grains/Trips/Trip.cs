namespace Coordination.Grains.Trips;

/// <summary>Where a trip stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.TripStatus")]
public enum TripStatus
{
    /// <summary>Filed and open for sharing.</summary>
    Planned,

    /// <summary>Called off by its judge.</summary>
    Cancelled,

    /// <summary>Joined another trip (see <see cref="Trip.MergedInto"/>); its people travel in that vehicle.</summary>
    Merged,
}

/// <summary>A trip as the planners see it.</summary>
/// <param name="Id">Trip id.</param>
/// <param name="CourtId">The court that filed it.</param>
/// <param name="Judges">The judges travelling (one, or several after a merge).</param>
/// <param name="Plan">Where, when, who, seats.</param>
/// <param name="Status">Planned, cancelled or merged.</param>
/// <param name="MergedInto">The trip it joined, once merged.</param>
/// <param name="Holders">The courts whose planners hold it: its own and those its destinations lie in.</param>
/// <param name="Version">Raised by every change.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.Trip")]
public sealed record Trip(
    [Id(0)] string Id, [Id(1)] string CourtId, [Id(2)] IReadOnlyList<string> Judges, [Id(3)] TripPlan Plan, [Id(4)] TripStatus Status, [Id(5)] string? MergedInto, [Id(6)] IReadOnlyList<string> Holders, [Id(7)] long Version)
{
    /// <summary>Everyone in the vehicle: judges and members.</summary>
    public int People => Judges.Count + Plan.Members.Count;

    /// <summary>Whether it can still be shared.</summary>
    public bool IsOpen => Status == TripStatus.Planned;
}
