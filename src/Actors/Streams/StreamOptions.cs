namespace Coordination.Actors.Streams;

/// <summary>Stream settings. Bound from the <c>Actors:Streams</c> configuration section.</summary>
public sealed class StreamOptions
{
    /// <summary>Items buffered per subscriber before <see cref="OverflowPolicy"/> applies. Default 10,000.</summary>
    public int SubscriberBufferCapacity { get; set; } = 10_000;

    /// <summary>What a full subscriber buffer drops. Default <see cref="StreamOverflowPolicy.DropOldest"/>.</summary>
    public StreamOverflowPolicy OverflowPolicy { get; set; } = StreamOverflowPolicy.DropOldest;

    /// <summary>Recent items an in-memory stream keeps, so a subscriber can resume after a sequence number. Default 1,000.</summary>
    public int ReplayCapacity { get; set; } = 1_000;

    /// <summary>How long durable streams keep items for subscribers resuming after a token. Default 30 days.</summary>
    public TimeSpan DurableRetention { get; set; } = TimeSpan.FromDays(30);
}
