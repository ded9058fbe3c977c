using Coordination.Actors;
using Coordination.Actors.Streams;

namespace Coordination.Grains.Alerts;

/// <summary>The durable alert streams: one per judge, one per court (the chief), one for the command centre.</summary>
public static class AlertStreams
{
    /// <summary>Stream namespace of a judge's alerts, keyed by judge id.</summary>
    public const string JudgeNamespace = "judge-alerts";

    /// <summary>Stream namespace of a court's alerts, keyed by court id.</summary>
    public const string CourtNamespace = "court-alerts";

    /// <summary>Stream namespace of the command centre's alerts; one stream, <see cref="CommandCentreKey"/>.</summary>
    public const string CommandCentreNamespace = "command-centre-alerts";

    /// <summary>The command centre stream's key: it sees every court of the deployment.</summary>
    public const string CommandCentreKey = "all";

    /// <summary>A judge's stream.</summary>
    public static IAsyncStream<Alert> ForJudge(IStreamProvider streams, string judgeId) => streams.GetStream<Alert>(new StreamId(JudgeNamespace, judgeId));

    /// <summary>A court's stream.</summary>
    public static IAsyncStream<Alert> ForCourt(IStreamProvider streams, string courtId) => streams.GetStream<Alert>(new StreamId(CourtNamespace, courtId));

    /// <summary>The command centre's stream.</summary>
    public static IAsyncStream<Alert> ForCommandCentre(IStreamProvider streams) => streams.GetStream<Alert>(new StreamId(CommandCentreNamespace, CommandCentreKey));

    /// <summary>
    /// Publishes <paramref name="alert"/> once per <paramref name="idempotencyKey"/> on the streams that should see it:
    /// its judge's (if any), its court's and the command centre's. Safe to repeat after a crash.
    /// </summary>
    public static Task PublishOnceAsync(IStreamProvider streams, Alert alert, string idempotencyKey)
    {
        var court = ForCourt(streams, alert.CourtId).PublishOnceAsync(alert, idempotencyKey);
        var centre = ForCommandCentre(streams).PublishOnceAsync(alert, idempotencyKey);
        var judge = alert.JudgeId is { } judgeId ? ForJudge(streams, judgeId).PublishOnceAsync(alert, idempotencyKey) : Task.FromResult<StreamSequenceToken?>(null);
        return Task.WhenAll(court, centre, judge);
    }
}
