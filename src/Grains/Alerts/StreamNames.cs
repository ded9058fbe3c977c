namespace Coordination.Grains.Alerts;

/// <summary>Names of the node's Orleans stream provider and its pub-sub store.</summary>
public static class StreamNames
{
    /// <summary>The stream provider (memory streams): live fan-out of alerts, positions and suggestions.</summary>
    public const string Provider = "Default";

    /// <summary>The grain storage Orleans keeps stream subscriptions in (in memory: live subscribers do not outlive the node).</summary>
    public const string PubSubStore = "PubSubStore";
}
