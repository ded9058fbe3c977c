using System.Text.Json;
using Coordination.Grains.Journals;
using Orleans.Runtime;
using Orleans.Streams;

namespace Coordination.Grains.Alerts;

/// <summary>
/// Alerts, durably: each alert is appended to the log of every stream that sees it (once per idempotency key, so a
/// handler that runs twice publishes once), and only then offered live on the Orleans stream of that name. A reader
/// that reconnects pages through the log from its last event id; the live stream only tells it something is new.
/// </summary>
public sealed class AlertLog(ILogStorage logs, IClusterClient client)
{
    /// <summary>Publishes <paramref name="alert"/> once per <paramref name="idempotencyKey"/> on the streams that see it (<see cref="AlertStreams.Of"/>).</summary>
    public Task PublishOnceAsync(Alert alert, string idempotencyKey) =>
        Task.WhenAll(AlertStreams.Of(alert).Select(stream => PublishOnceAsync(stream, alert, idempotencyKey)));

    /// <summary>Publishes <paramref name="alert"/> on one stream once per <paramref name="idempotencyKey"/>; returns its sequence, or null for a repeat.</summary>
    public async Task<long?> PublishOnceAsync(AlertStream stream, Alert alert, string idempotencyKey)
    {
        var sequence = await logs.AppendNextAsync(stream.Log, JsonSerializer.Serialize(alert, GrainsJsonContext.Default.Alert), idempotencyKey);
        if (sequence is { } appended)
        {
            await Live(stream).OnNextAsync(new AlertEvent(appended, alert));
        }

        return sequence;
    }

    /// <summary>The live stream of <paramref name="stream"/>: what is published from now on, each item once appended.</summary>
    public IAsyncStream<AlertEvent> Live(AlertStream stream) =>
        client.GetStreamProvider(StreamNames.Provider).GetStream<AlertEvent>(StreamId.Create(stream.Namespace, stream.Key));

    /// <summary>Up to <paramref name="maxCount"/> alerts of <paramref name="stream"/> after <paramref name="afterSequence"/>, in order.</summary>
    public async Task<IReadOnlyList<AlertEvent>> ReadAsync(AlertStream stream, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        var entries = await logs.ReadAsync(stream.Log, afterSequence, maxCount, cancellationToken);
        return [.. entries.Select(entry => new AlertEvent(entry.Sequence,
            JsonSerializer.Deserialize(entry.Data, GrainsJsonContext.Default.Alert) ?? throw new JsonException($"Alert {entry.Sequence} of {stream} is empty.")))];
    }

    /// <summary>The first sequence of <paramref name="stream"/> still retained (0 if none) and the last (0 if none).</summary>
    public async Task<(long First, long Last)> RangeAsync(AlertStream stream, CancellationToken cancellationToken) =>
        (await logs.ReadFirstSequenceAsync(stream.Log, cancellationToken), await logs.ReadLastSequenceAsync(stream.Log, cancellationToken));

    /// <summary>Deletes alerts written before <paramref name="before"/> from every stream; returns how many went.</summary>
    public async Task<int> TrimOlderThanAsync(DateTimeOffset before)
    {
        var trimmed = 0;
        foreach (var name in AlertStreams.Namespaces)
        {
            trimmed += await logs.TrimOlderThanAsync(name, before);
        }

        return trimmed;
    }
}
