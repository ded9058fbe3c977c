using Coordination.Grains.Alerts;

namespace Coordination.Grains.Trips;

/// <summary>Tells a suggestion's judges, the chiefs of both trips' courts and the command centre about it, once per version.</summary>
public static class TripAlerts
{
    /// <summary>Publishes the alert for the suggestion's current status; nothing for an accepted one (the merge follows).</summary>
    public static Task PublishAsync(AlertLog alerts, TripSuggestion suggestion)
    {
        if (KindOf(suggestion.Status) is not { } kind)
        {
            return Task.CompletedTask;
        }

        var key = $"trip-suggestion/{suggestion.Id}/{suggestion.Version}";
        var alert = new Alert(kind, suggestion.CourtId, null, null, TitleOf(suggestion), suggestion.At,
            TripId: suggestion.Status == SuggestionStatus.Merged ? suggestion.Match.HostTripId : null, SuggestionId: suggestion.Id).Worded(TextOf(suggestion));
        var publishes = new List<Task>
        {
            alerts.PublishOnceAsync(AlertStreams.CommandCentre, alert, key),
        };
        publishes.AddRange(suggestion.Courts.Select(court => alerts.PublishOnceAsync(AlertStreams.ForCourt(court), alert with { CourtId = court }, key)));
        publishes.AddRange(suggestion.Judges.Select(judge => alerts.PublishOnceAsync(AlertStreams.ForJudge(judge), alert with { JudgeId = judge }, key)));
        return Task.WhenAll(publishes);
    }

    private static AlertKind? KindOf(SuggestionStatus status) => status switch
    {
        SuggestionStatus.Open => AlertKind.TripSuggested,
        SuggestionStatus.Declined or SuggestionStatus.Withdrawn => AlertKind.TripSuggestionWithdrawn,
        SuggestionStatus.Merged => AlertKind.TripsMerged,
        _ => null,
    };

    private static AlertText TextOf(TripSuggestion s)
    {
        var match = s.Match;
        var trips = new[] { ("tripA", (object?)s.TripA), ("tripB", s.TripB), ("host", match.HostTripId) };
        return s.Status switch
        {
            SuggestionStatus.Open => AlertText.Of(match.Rule == TripMatchRule.SameDestination ? AlertWordings.TripSuggestedSamePlace : AlertWordings.TripSuggestedOnTheWay,
                [.. trips, ("km", Math.Round(match.GapMetres / 1000, 1)), ("hours", Math.Round(match.Overlap.TotalHours, 1)), ("savedKm", Math.Round(match.SavedKm)), ("vehicles", match.SavedVehicles)]),
            SuggestionStatus.Merged => AlertText.Of(AlertWordings.TripsMerged, trips),
            SuggestionStatus.Declined => AlertText.Of(AlertWordings.TripSuggestionDeclined, [.. trips, ("judge", s.Answers.FirstOrDefault(a => !a.Value).Key)]),
            _ => AlertText.Of(AlertWordings.TripSuggestionWithdrawn, trips),
        };
    }

    private static string TitleOf(TripSuggestion s)
    {
        var match = s.Match;
        var how = match.Rule == TripMatchRule.SameDestination
            ? $"go to places {match.GapMetres / 1000:0.0} km apart"
            : $"pass within {match.GapMetres / 1000:0.0} km of each other's destination";
        return s.Status switch
        {
            SuggestionStatus.Open => $"集约出行: trips {s.TripA} and {s.TripB} {how} with {match.Overlap.TotalHours:0.#} h in common; " +
                $"sharing trip {match.HostTripId}'s vehicle saves about {match.SavedKm:0} km and {match.SavedVehicles} vehicle",
            SuggestionStatus.Merged => $"集约出行: trips {s.TripA} and {s.TripB} now travel together as trip {match.HostTripId}",
            _ => $"集约出行: the suggestion for trips {s.TripA} and {s.TripB} is off: {s.Reason}",
        };
    }
}
