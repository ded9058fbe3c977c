namespace Coordination.Actors.Streams;

/// <summary>
/// A stream of items, ordered: every subscriber sees items in publish order. Publishing never waits
/// for subscribers; each has its own bounded buffer (see <see cref="StreamOptions"/>).
/// </summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream's id.</summary>
    StreamId StreamId { get; }

    /// <summary>Publishes an item to every current subscriber. Completes once buffered for all; returns its sequence token. Safe for concurrent use.</summary>
    Task<StreamSequenceToken> OnNextAsync(T item);

    /// <summary>
    /// Publishes an item unless an item with the same <paramref name="idempotencyKey"/> was already published
    /// (and is still retained): the way to publish exactly once from handlers that may run twice.
    /// Returns the new item's token, or null for a repeat.
    /// </summary>
    Task<StreamSequenceToken?> PublishOnceAsync(T item, string idempotencyKey);

    /// <summary>
    /// Subscribes a handler. Items are handed to it one at a time, in order; if it throws, the failure is
    /// counted and logged and the next item follows. Subscribed from inside a grain, the handler runs as a
    /// turn of that grain and the subscription ends when the grain deactivates.
    /// </summary>
    /// <param name="onNext">The handler.</param>
    /// <param name="after">Replay retained items published after this token first; null for new items only.</param>
    Task<StreamSubscriptionHandle> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNext, StreamSequenceToken? after = null);
}
