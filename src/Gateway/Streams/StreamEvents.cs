using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Coordination.Actors.Streams;
using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Streams;

/// <summary>A grain stream as server-sent events, each event's id its position in the stream.</summary>
internal static class StreamEvents
{
    private const int ClientBuffer = 1_000;

    /// <summary>
    /// Subscribes to <paramref name="stream"/> (after <paramref name="after"/>, or new items only) and yields its items.
    /// With <paramref name="dropOldest"/> a slow client loses the oldest items (live-only streams); otherwise the
    /// subscription waits for the client. The response's headers go out as soon as the subscription stands, so the
    /// client knows the stream is open before the first event.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<T>> ReadAsync<T>(
        IAsyncStream<T> stream, StreamSequenceToken? after, Func<T, string> eventType, bool dropOldest, HttpResponse response,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The subscription's own buffer absorbs bursts; this one hands items to the response writer.
        var pending = Channel.CreateBounded<(T Item, long Sequence)>(new BoundedChannelOptions(ClientBuffer)
        {
            SingleReader = true,
            FullMode = dropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        });
        await using var subscription = await stream.SubscribeAsync(
            (item, token) => pending.Writer.WriteAsync((item, token.SequenceNumber), cancellationToken).AsTask(), after);
        await response.Body.FlushAsync(cancellationToken); // the SSE writer has set the headers; nothing else sends them before an event
        await foreach (var (item, sequence) in pending.Reader.ReadAllAsync(cancellationToken))
        {
            yield return new SseItem<T>(item, eventType(item)) { EventId = sequence.ToString(CultureInfo.InvariantCulture) };
        }
    }
}
