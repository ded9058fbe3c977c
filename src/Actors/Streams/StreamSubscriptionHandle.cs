namespace Coordination.Actors.Streams;

/// <summary>A live subscription, with its counters.</summary>
public abstract class StreamSubscriptionHandle : IAsyncDisposable
{
    /// <summary>The subscribed stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>Items handed to the handler.</summary>
    public abstract long DeliveredCount { get; }

    /// <summary>Items discarded because this subscriber's buffer was full.</summary>
    public abstract long DroppedCount { get; }

    /// <summary>Items whose handler threw.</summary>
    public abstract long FailedCount { get; }

    /// <summary>Stops delivery; items still buffered are discarded. Safe to call from the handler and more than once.</summary>
    public abstract Task UnsubscribeAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await UnsubscribeAsync();
        GC.SuppressFinalize(this);
    }
}
