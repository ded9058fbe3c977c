using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Trips;

/// <summary>
/// An outbound trip (keyed by trip id). It is the trip's record: every change is stored, then sent to the planners that
/// hold it (its court's, and those of the courts its destinations lie in). A judge's answer to a suggestion goes through
/// the judge's trip; the answer that completes the acceptance merges the two trips. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Trips.ITripGrain")]
public interface ITripGrain : IGrainWithStringKey
{
    /// <summary>Files the trip for <paramref name="judgeId"/> of <paramref name="courtId"/>. Fails with <see cref="Validation.InputValidationException"/> on bad input.</summary>
    [Alias("File")]
    Task<Trip> File(string courtId, string judgeId, TripPlan plan);

    /// <summary>Replaces the plan (a judge of the trip); its suggestions are updated or withdrawn.</summary>
    [Alias("Change")]
    Task<Trip> Change(TripPlan plan, string judgeId);

    /// <summary>Calls the trip off (a judge of the trip); its suggestions are withdrawn.</summary>
    [Alias("Cancel")]
    Task<Trip> Cancel(string judgeId);

    /// <summary>The trip, or null if none is filed under this id.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<Trip?> Get();

    /// <summary>A judge of this trip answers a suggestion that involves it. Returns the suggestion as it then stands.</summary>
    [Alias("Answer")]
    Task<TripSuggestion> Answer(string suggestionId, string judgeId, bool accept);

    /// <summary>Takes <paramref name="guest"/>'s people, destinations and cases into this trip's vehicle (idempotent per suggestion).</summary>
    [Alias("Absorb")]
    Task<Trip> Absorb(Trip guest, string suggestionId);

    /// <summary>Marks this trip merged into <paramref name="hostTripId"/> (idempotent); returns the trip as it was planned.</summary>
    [Alias("JoinInto")]
    Task<Trip> JoinInto(string hostTripId, string suggestionId);
}
