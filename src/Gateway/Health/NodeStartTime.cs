namespace Coordination.Gateway.Health;

/// <summary>When this node process started.</summary>
public sealed record NodeStartTime(DateTimeOffset Value);
