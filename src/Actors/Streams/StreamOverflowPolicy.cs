namespace Coordination.Actors.Streams;

/// <summary>What a subscriber's full buffer does with the next item. Either way the publisher never waits, and each drop is counted.</summary>
public enum StreamOverflowPolicy
{
    /// <summary>Discard the oldest buffered item to make room (the subscriber stays current). The default.</summary>
    DropOldest,

    /// <summary>Discard the new item (the subscriber keeps the older ones).</summary>
    DropNewest,
}
