namespace Coordination.Grains.Alerts;

/// <summary>Names of the node's Orleans stream provider and its pub-sub store.</summary>
public static class StreamNames
{
    /// <summary>
    /// The stream provider (memory streams): live fan-out of alerts, positions and suggestions. Not "Default": Orleans
    /// keeps a provider's subscriptions in the grain storage of the provider's name if there is one, and "Default" is
    /// the node's durable storage, where subscriptions of clients gone with a restart would be delivered to after it.
    /// </summary>
    public const string Provider = "Live";

    /// <summary>The grain storage Orleans keeps stream subscriptions in (in memory: live subscribers do not outlive the node).</summary>
    public const string PubSubStore = "PubSubStore";
}
