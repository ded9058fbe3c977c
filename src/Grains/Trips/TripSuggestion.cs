using Coordination.Grains.Texts;

namespace Coordination.Grains.Trips;

/// <summary>Where a suggestion stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Trips.SuggestionStatus")]
public enum SuggestionStatus
{
    /// <summary>Waiting for the judges' answers.</summary>
    Open,

    /// <summary>Every judge accepted; the trips are being merged.</summary>
    Accepted,

    /// <summary>The trips are now one.</summary>
    Merged,

    /// <summary>A judge declined.</summary>
    Declined,

    /// <summary>A trip changed or was cancelled so the rule no longer matches.</summary>
    Withdrawn,
}

/// <summary>A shared-travel suggestion for two trips, kept by the planner that judged the pair.</summary>
/// <param name="Id">Suggestion id: the planner's court and both trip ids.</param>
/// <param name="CourtId">The planner's court.</param>
/// <param name="TripA">One trip (the lower id).</param>
/// <param name="TripB">The other trip.</param>
/// <param name="TripAVersion">The version of <paramref name="TripA"/> it was judged on.</param>
/// <param name="TripBVersion">The version of <paramref name="TripB"/> it was judged on.</param>
/// <param name="Judges">Every judge of both trips: each must accept.</param>
/// <param name="Courts">The courts of both trips (their chiefs are told).</param>
/// <param name="Match">The rule that matched and the estimated saving.</param>
/// <param name="Status">Open, accepted, merged, declined or withdrawn.</param>
/// <param name="Answers">Each judge's answer so far.</param>
/// <param name="Version">Raised by every change.</param>
/// <param name="At">When it last changed.</param>
/// <param name="Reason">Why it was declined or withdrawn.</param>
/// <param name="ReasonText"><paramref name="Reason"/> as a text of the pages.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Trips.TripSuggestion")]
public sealed record TripSuggestion(
    [Id(0)] string Id, [Id(1)] string CourtId, [Id(2)] string TripA, [Id(3)] string TripB, [Id(4)] long TripAVersion, [Id(5)] long TripBVersion, [Id(6)] IReadOnlyList<string> Judges, [Id(7)] IReadOnlyList<string> Courts, [Id(8)] TripMatch Match,
    [Id(9)] SuggestionStatus Status, [Id(10)] IReadOnlyDictionary<string, bool> Answers, [Id(11)] long Version, [Id(12)] DateTimeOffset At, [Id(13)] string? Reason = null, [Id(14)] ProblemText? ReasonText = null)
{
    /// <summary>The id of the suggestion the planner of <paramref name="courtId"/> makes for two trips.</summary>
    public static string IdOf(string courtId, string tripA, string tripB) =>
        string.CompareOrdinal(tripA, tripB) < 0 ? $"{courtId}~{tripA}~{tripB}" : $"{courtId}~{tripB}~{tripA}";

    /// <summary>The planner's court of a suggestion id, or null if the id is malformed.</summary>
    public static string? CourtOf(string suggestionId) => suggestionId.Split('~') is [var court, _, _] ? court : null;

    /// <summary>The two trip ids of a suggestion id, or null if the id is malformed.</summary>
    public static (string A, string B)? TripsOf(string suggestionId) => suggestionId.Split('~') is [_, var a, var b] ? (a, b) : null;
}
