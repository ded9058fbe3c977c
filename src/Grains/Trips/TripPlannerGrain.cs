using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Journals;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Trips;

/// <summary>
/// A court's trip planner, journaled with a snapshot every 200 events. Holding a trip first stores it, then brings its
/// suggestions up to date; repeating the same version repeats only the second step, so a trip grain that resends after
/// a crash finishes what was left. Every change of a suggestion is told on the judges', the courts' and the command
/// centre's alert streams, once per suggestion version.
/// </summary>
[GrainType("trip-planner")]
public sealed class TripPlannerGrain(CourtAreas areas) : JournaledGrain<TripPlannerState, TripPlannerEvent>, ITripPlannerGrain
{
    private TripIndex? _index;

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<TripPlannerEvent> EventType => GrainsJsonContext.Default.TripPlannerEvent;


    protected override int SnapshotInterval => 200;

    protected override bool KeepsEvents => false;

    private string CourtId => GetPrimaryKeyString();

    private TripIndex Index => _index ??= TripIndex.Build(CourtId, areas.RulesOf(CourtId), State.Trips.Values.Where(t => t.IsOpen).Select(areas.ShapeOf));

    public async Task Hold(Trip trip)
    {
        if (State.Trips.TryGetValue(trip.Id, out var held) && held.Version > trip.Version)
        {
            return;
        }

        if (held is null || held.Version < trip.Version)
        {
            await RaiseEventAsync(new TripHeld(trip));
        }

        var shape = trip.IsOpen ? areas.ShapeOf(trip) : null;
        if (shape is null)
        {
            Index.Remove(trip.Id);
        }
        else
        {
            Index.Upsert(shape);
        }

        await ReconcileAsync(trip, shape is null ? [] : Index.MatchesOf(shape).ToDictionary(m => m.Other.Trip.Id, m => (m.Other.Trip, m.Match)));
    }

    public async Task Release(string tripId)
    {
        if (!State.Trips.TryGetValue(tripId, out var trip))
        {
            return;
        }

        await RaiseEventAsync(new TripReleased(tripId));
        Index.Remove(tripId);
        await ReconcileAsync(trip, []);
    }

    public async Task<TripSuggestion> Answer(string suggestionId, string judgeId, bool accept)
    {
        var suggestion = State.Suggestions.GetValueOrDefault(suggestionId) ?? throw new TripSuggestionNotFoundException(suggestionId);
        if (!suggestion.Judges.Contains(judgeId))
        {
            throw new TripRefusedException(ProblemText.Of("trip.notYourSuggestion", ("judge", judgeId), ("suggestion", suggestionId)));
        }

        if (suggestion.Status is SuggestionStatus.Accepted or SuggestionStatus.Merged && accept)
        {
            return suggestion;
        }

        if (suggestion.Status != SuggestionStatus.Open)
        {
            throw new TripRefusedException(ProblemText.Of("trip.suggestionClosed", ("suggestionStatus", suggestion.Status.ToString().ToLowerInvariant())));
        }

        var answers = new Dictionary<string, bool>(suggestion.Answers) { [judgeId] = accept };
        var status = !accept ? SuggestionStatus.Declined
            : suggestion.Judges.All(j => answers.GetValueOrDefault(j)) ? SuggestionStatus.Accepted
            : SuggestionStatus.Open;
        var reason = accept ? null : ProblemText.Of("outcome.suggestion.declined", ("judge", judgeId));
        return await SaveAsync(suggestion with { Answers = answers, Status = status, Reason = reason?.English, ReasonText = reason });
    }

    public async Task MarkMerged(string suggestionId)
    {
        var suggestion = State.Suggestions.GetValueOrDefault(suggestionId) ?? throw new TripSuggestionNotFoundException(suggestionId);
        if (suggestion.Status == SuggestionStatus.Accepted)
        {
            await SaveAsync(suggestion with { Status = SuggestionStatus.Merged });
        }
    }

    public Task<TripSuggestion?> GetSuggestion(string suggestionId) => Task.FromResult(State.Suggestions.GetValueOrDefault(suggestionId));

    public Task<IReadOnlyList<TripSuggestion>> GetSuggestionsFor(string tripId) =>
        Task.FromResult<IReadOnlyList<TripSuggestion>>([.. State.Suggestions.Values.Where(s => s.TripA == tripId || s.TripB == tripId)]);

    public Task<TripBoard> GetBoard() => Task.FromResult(new TripBoard(
        CourtId,
        [.. State.Trips.Values.OrderBy(t => t.Plan.DepartAt).ThenBy(t => t.Id, StringComparer.Ordinal)],
        [.. State.Suggestions.Values.OrderByDescending(s => s.At).ThenBy(s => s.Id, StringComparer.Ordinal)]));

    /// <summary>
    /// Brings every suggestion of <paramref name="trip"/> in line with <paramref name="matches"/> (the held trips it pairs
    /// with now): open ones that still match are updated when a trip changed, the others withdrawn; new pairs are suggested,
    /// unless the judges already answered this pair at these versions.
    /// </summary>
    private async Task ReconcileAsync(Trip trip, Dictionary<string, (Trip Other, TripMatch Match)> matches)
    {
        var involving = State.Suggestions.Values.Where(s => s.TripA == trip.Id || s.TripB == trip.Id).ToList();
        foreach (var suggestion in involving)
        {
            var otherId = suggestion.TripA == trip.Id ? suggestion.TripB : suggestion.TripA;
            var now = matches.Remove(otherId, out var found) ? found : ((Trip Other, TripMatch Match)?)null;
            if (suggestion.Status != SuggestionStatus.Open && (now is null || suggestion.Status is SuggestionStatus.Accepted or SuggestionStatus.Merged))
            {
                continue;
            }

            if (now is not { } match)
            {
                var reason = WhyWithdrawn(trip);
                await SaveAsync(suggestion with { Status = SuggestionStatus.Withdrawn, Reason = reason.English, ReasonText = reason });
            }
            else if (Suggest(trip, match.Other, match.Match) is var fresh && (fresh.TripAVersion, fresh.TripBVersion) != (suggestion.TripAVersion, suggestion.TripBVersion))
            {
                await SaveAsync(fresh);
            }
        }

        foreach (var (other, match) in matches.Values)
        {
            await SaveAsync(Suggest(trip, other, match));
        }
    }

    protected override void TransitionState(TripPlannerState state, TripPlannerEvent @event)
    {
        switch (@event)
        {
            case TripHeld held:
                state.Trips[held.Trip.Id] = held.Trip;
                break;
            case TripReleased released:
                state.Trips.Remove(released.TripId);
                break;
            case SuggestionSaved saved:
                state.Suggestions[saved.Suggestion.Id] = saved.Suggestion;
                break;
        }
    }

    private TripSuggestion Suggest(Trip trip, Trip other, TripMatch match)
    {
        var (a, b) = string.CompareOrdinal(trip.Id, other.Id) < 0 ? (trip, other) : (other, trip);
        return new TripSuggestion(
            TripSuggestion.IdOf(CourtId, a.Id, b.Id), CourtId, a.Id, b.Id, a.Version, b.Version,
            [.. a.Judges.Concat(b.Judges).Distinct()], [.. new[] { a.CourtId, b.CourtId }.Distinct()], match,
            SuggestionStatus.Open, new Dictionary<string, bool>(), 0, default);
    }

    private static ProblemText WhyWithdrawn(Trip trip) => trip.Status switch
    {
        TripStatus.Cancelled => ProblemText.Of("outcome.suggestion.tripCancelled", ("trip", trip.Id)),
        TripStatus.Merged => ProblemText.Of("outcome.suggestion.tripJoined", ("trip", trip.Id), ("into", trip.MergedInto)),
        _ => ProblemText.Of("outcome.suggestion.noLongerOverlap", ("trip", trip.Id)),
    };

    /// <summary>Stores the suggestion as its next version and tells everyone concerned.</summary>
    private async Task<TripSuggestion> SaveAsync(TripSuggestion suggestion)
    {
        var version = State.Suggestions.TryGetValue(suggestion.Id, out var held) ? held.Version + 1 : 1;
        suggestion = suggestion with { Version = version, At = TimeProvider.GetUtcNow() };
        await RaiseEventAsync(new SuggestionSaved(suggestion));
        await TripAlerts.PublishAsync(Alerts, suggestion);
        return suggestion;
    }
}
