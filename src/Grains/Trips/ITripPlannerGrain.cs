using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Trips;

/// <summary>
/// A court's trip planner (keyed by court id): the trips it holds (its own, and other courts' trips to its area) in a
/// <see cref="TripIndex"/>, and the suggestions for the pairs it judges. Trip grains keep it up to date; it calls no
/// other grain. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Trips.ITripPlannerGrain")]
public interface ITripPlannerGrain : IGrainWithStringKey
{
    /// <summary>Holds (or replaces) a trip and brings the suggestions that involve it up to date. Older versions are ignored.</summary>
    [Alias("Hold")]
    Task Hold(Trip trip);

    /// <summary>Stops holding a trip (its destinations left this court's area); its open suggestions here are withdrawn.</summary>
    [Alias("Release")]
    Task Release(string tripId);

    /// <summary>Records a judge's answer. Declining closes the suggestion; when every judge accepted it is accepted.</summary>
    [Alias("Answer")]
    Task<TripSuggestion> Answer(string suggestionId, string judgeId, bool accept);

    /// <summary>Marks an accepted suggestion merged (idempotent).</summary>
    [Alias("MarkMerged")]
    Task MarkMerged(string suggestionId);

    /// <summary>A suggestion, or null.</summary>
    [Alias("GetSuggestion")]
    [ReadOnly]
    Task<TripSuggestion?> GetSuggestion(string suggestionId);

    /// <summary>The suggestions it made that involve <paramref name="tripId"/>.</summary>
    [Alias("GetSuggestionsFor")]
    [ReadOnly]
    Task<IReadOnlyList<TripSuggestion>> GetSuggestionsFor(string tripId);

    /// <summary>Every trip it holds and every suggestion it made (the chief's view).</summary>
    [Alias("GetBoard")]
    [ReadOnly]
    Task<TripBoard> GetBoard();
}

/// <summary>A planner's trips and suggestions.</summary>
/// <param name="CourtId">The planner's court.</param>
/// <param name="Trips">Trips of the court and trips of other courts to its area, by departure.</param>
/// <param name="Suggestions">Suggestions, newest change first.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.TripBoard")]
public sealed record TripBoard([Id(0)] string CourtId, [Id(1)] IReadOnlyList<Trip> Trips, [Id(2)] IReadOnlyList<TripSuggestion> Suggestions);
