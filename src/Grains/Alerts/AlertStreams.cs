using Coordination.Grains.Journals;

namespace Coordination.Grains.Alerts;

/// <summary>
/// One alert stream: a judge's, a court's (its chief) or the command centre's. Each is a durable log (its entries'
/// sequence numbers are the SSE event ids) and a live Orleans stream of the same name.
/// </summary>
/// <param name="Namespace">The kind of stream: <see cref="AlertStreams.JudgeNamespace"/>, <see cref="AlertStreams.CourtNamespace"/> or <see cref="AlertStreams.CommandCentreNamespace"/>.</param>
/// <param name="Key">The judge's or court's id, or <see cref="AlertStreams.CommandCentreKey"/>.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Alerts.AlertStream")]
public readonly record struct AlertStream([property: Id(0)] string Namespace, [property: Id(1)] string Key)
{
    /// <summary>The durable log behind the stream.</summary>
    public LogId Log => new(Namespace, Key);

    /// <inheritdoc/>
    public override string ToString() => $"{Namespace}/{Key}";
}

/// <summary>An alert as its stream carries it: with its position in the stream's log.</summary>
/// <param name="Sequence">The position (the SSE event id).</param>
/// <param name="Alert">The alert.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Alerts.AlertEvent")]
public sealed record AlertEvent([property: Id(0)] long Sequence, [property: Id(1)] Alert Alert);

/// <summary>The alert streams: one per judge, one per court (the chief), one for the command centre.</summary>
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

    /// <summary>Every kind of alert stream, for retention.</summary>
    public static IReadOnlyList<string> Namespaces { get; } = [JudgeNamespace, CourtNamespace, CommandCentreNamespace];

    /// <summary>A judge's stream.</summary>
    public static AlertStream ForJudge(string judgeId) => new(JudgeNamespace, judgeId);

    /// <summary>A court's stream.</summary>
    public static AlertStream ForCourt(string courtId) => new(CourtNamespace, courtId);

    /// <summary>The command centre's stream.</summary>
    public static AlertStream CommandCentre { get; } = new(CommandCentreNamespace, CommandCentreKey);

    /// <summary>The streams that see <paramref name="alert"/>: its court's, the command centre's, and its judge's if it has one.</summary>
    public static IEnumerable<AlertStream> Of(Alert alert)
    {
        yield return ForCourt(alert.CourtId);
        yield return CommandCentre;
        if (alert.JudgeId is { } judgeId)
        {
            yield return ForJudge(judgeId);
        }
    }
}
