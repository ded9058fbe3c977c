using System.Globalization;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Alerts;

/// <summary>
/// Server-sent event streams of alerts. Each event's id is its position in the stream's alert log; a client that
/// reconnects with <c>Last-Event-ID</c> (or <c>?lastEventId=</c>) gets everything after it first, so it misses
/// nothing still retained. Without one, a client gets new alerts only.
/// </summary>
public static class AlertStreamsApi
{
    /// <summary>Maps <c>/streams</c>.</summary>
    public static IEndpointRouteBuilder MapAlertStreamsApi(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup("/streams").WithTags("Streams");
        streams.MapGet("/judge", JudgeStream).WithName("StreamMyAlerts").WithSummary("SSE: the calling judge's alerts.").RequireAccess(Resources.JudgeWork, "read");
        streams.MapGet("/courts/{courtId}", CourtStream).WithName("StreamCourtAlerts").WithSummary("SSE: a court's alerts (its chief, the command centre).")
            .RequireAccess(Resources.Court, "supervise");
        streams.MapGet("/command-centre", CommandCentreStream).WithName("StreamCommandCentreAlerts").WithSummary("SSE: every court's alerts (command centre).")
            .RequireAccess(Resources.Deployment, "watch-all");
        return app;
    }

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> JudgeStream(HttpContext http, AlertLog log, string? lastEventId) =>
        Serve(http, log, AlertStreams.ForJudge(Caller.From(http.User).UserId), lastEventId);

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> CourtStream(string courtId, HttpContext http, AlertLog log, string? lastEventId) =>
        Serve(http, log, AlertStreams.ForCourt(courtId), lastEventId);

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> CommandCentreStream(HttpContext http, AlertLog log, string? lastEventId) =>
        Serve(http, log, AlertStreams.CommandCentre, lastEventId);

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> Serve(HttpContext http, AlertLog log, AlertStream stream, string? lastEventIdQuery)
    {
        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventIdQuery;
        long? after = null;
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                return WordedProblem.Result(StatusCodes.Status400BadRequest, ProblemText.Of("stream.title.badLastEventId"), ProblemText.Of("stream.badLastEventId", ("value", lastEventId)));
            }

            after = sequence;
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return TypedResults.ServerSentEvents(StreamEvents.AlertsAsync(log, stream, after, json, http.RequestServices.GetRequiredService<TimeProvider>(), http.Response, http.RequestAborted));
    }
}
