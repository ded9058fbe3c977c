namespace Coordination.Actors.Streams;

/// <summary>In-memory stream settings. Bound from the <c>Actors:Streams</c> configuration section.</summary>
public sealed class StreamOptions
{
    /// <summary>Items buffered per subscriber before <see cref="OverflowPolicy"/> applies. Default 10,000.</summary>
    public int SubscriberBufferCapacity { get; set; } = 10_000;

    /// <summary>What a full subscriber buffer drops. Default <see cref="StreamOverflowPolicy.DropOldest"/>.</summary>
    public StreamOverflowPolicy OverflowPolicy { get; set; } = StreamOverflowPolicy.DropOldest;

    /// <summary>Recent items kept per stream, so a subscriber can resume after a sequence number. Default 1,000.</summary>
    public int ReplayCapacity { get; set; } = 1_000;
}
