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
        var alert = Alert.Worded(kind, suggestion.CourtId, null, null, TextOf(suggestion), suggestion.At) with
        {
            TripId = suggestion.Status == SuggestionStatus.Merged ? suggestion.Match.HostTripId : null, SuggestionId = suggestion.Id,
        };
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
}
