using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Coordination.Grains.Alerts;
using Coordination.Grains.Changes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;
using Orleans.Streams;

namespace Coordination.Gateway.Streams;

/// <summary>Orleans streams and the alert log as server-sent events.</summary>
internal static class StreamEvents
{
    private const int ClientBuffer = 1_000;
    private const int ReplayPageSize = 500;

    /// <summary>The event that tells a client the alerts it asked for are past retention (<see cref="AlertGap"/>).</summary>
    public const string GapEventType = "gap";

    /// <summary>
    /// A live-only stream (positions, change signals): the items published from now on, each as an event
    /// <paramref name="eventType"/>. A slow client loses the oldest items rather than hold up the stream. The headers go
    /// out as soon as the subscription stands.
    /// </summary>
    public static ServerSentEventsResult<T> Live<T>(IAsyncStream<T> stream, string eventType, HttpContext http) =>
        TypedResults.ServerSentEvents(LiveAsync(stream, eventType, http.Response, http.RequestAborted));

    private static async IAsyncEnumerable<SseItem<T>> LiveAsync<T>(
        IAsyncStream<T> stream, string eventType, HttpResponse response, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (pending, subscription) = await BufferAsync(stream);
        try
        {
            await response.Body.FlushAsync(cancellationToken); // the SSE writer has set the headers; nothing else sends them before an event
            await foreach (var item in pending.ReadAllAsync(cancellationToken))
            {
                yield return new SseItem<T>(item, eventType);
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>The change signals of <paramref name="subject"/> (<see cref="ChangeStreams"/>) from now on, each as a <c>changed</c> event.</summary>
    public static ServerSentEventsResult<Change> Changes(IClusterClient client, string subject, HttpContext http) =>
        Live(ChangeStreams.For(client.GetStreamProvider(StreamNames.Provider), subject), "changed", http);

    /// <summary>
    /// How long an alert stream waits on its live stream before it reads the log again anyway: a live item lost in
    /// transit (its stream's node died before delivering it) reaches the client within this time, even when nothing
    /// newer comes to show that it is missing.
    /// </summary>
    internal static readonly TimeSpan QuietReread = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An alert stream: with <paramref name="after"/>, every alert retained after it first, read from the log page by page,
    /// then new ones; without, new ones only. Each event's id is its sequence in the log. The live stream only wakes the
    /// reader: an item that is not the next one (published out of order, or dropped for a slow client), or no item for
    /// <see cref="QuietReread"/>, makes it read the log from where it is, so it misses nothing and repeats nothing. If
    /// <paramref name="after"/> is older than what the log still holds, a <see cref="GapEventType"/> event says so before
    /// the first alert.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<string>> AlertsAsync(
        AlertLog log, AlertStream stream, long? after, JsonSerializerOptions json, TimeProvider time, HttpResponse response,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (live, subscription) = await BufferAsync(log.Live(stream));
        try
        {
            await response.Body.FlushAsync(cancellationToken);
            var (first, last) = await log.RangeAsync(stream, cancellationToken);
            var position = after ?? last;
            if (after is { } asked && first > asked + 1)
            {
                var gap = new AlertGap(asked, first, $"Alerts {asked + 1} to {first - 1} are past retention and were deleted; the stream resumes at {first}.");
                yield return new SseItem<string>(JsonSerializer.Serialize(gap, json.GetTypeInfo(typeof(AlertGap))), GapEventType);
            }

            while (true)
            {
                IReadOnlyList<AlertEvent> page;
                do
                {
                    page = await log.ReadAsync(stream, position, ReplayPageSize, cancellationToken);
                    foreach (var item in page)
                    {
                        position = item.Sequence;
                        yield return Event(item, json);
                    }
                }
                while (page.Count == ReplayPageSize);

                // Follow the live stream while it brings the next item (a repeat is dropped); anything else sends the
                // reader back to the log.
                while (await LiveItemWithinAsync(live, QuietReread, time, cancellationToken) && live.TryRead(out var next) && next.Sequence <= position + 1)
                {
                    if (next.Sequence == position + 1)
                    {
                        position = next.Sequence;
                        yield return Event(next, json);
                    }
                }
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>Whether an item is ready to read within <paramref name="quiet"/>; consumes nothing.</summary>
    private static async Task<bool> LiveItemWithinAsync<T>(ChannelReader<T> live, TimeSpan quiet, TimeProvider time, CancellationToken cancellationToken)
    {
        if (live.TryPeek(out _))
        {
            return true;
        }

        using var timeout = new CancellationTokenSource(quiet, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await live.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Subscribes <paramref name="stream"/> into a buffer of its own; when a slow client lets it fill, the oldest items go.</summary>
    private static async Task<(ChannelReader<T> Items, StreamSubscriptionHandle<T> Subscription)> BufferAsync<T>(IAsyncStream<T> stream)
    {
        var buffer = Channel.CreateBounded<T>(new BoundedChannelOptions(ClientBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
        var subscription = await stream.SubscribeAsync((item, _) =>
        {
            buffer.Writer.TryWrite(item);
            return Task.CompletedTask;
        });
        return (buffer.Reader, subscription);
    }

    private static SseItem<string> Event(AlertEvent item, JsonSerializerOptions json) =>
        new(JsonSerializer.Serialize(item.Alert, json.GetTypeInfo(typeof(Alert))), item.Alert.Kind.ToString())
        {
            EventId = item.Sequence.ToString(CultureInfo.InvariantCulture),
        };
}

/// <summary>Sent instead of alerts that are past retention.</summary>
/// <param name="After">The event id the client asked to resume after.</param>
/// <param name="FirstRetained">The first event id still held; the stream resumes there.</param>
/// <param name="Detail">The same in words.</param>
public sealed record AlertGap(long After, long FirstRetained, string Detail);
