namespace Coordination.Gateway.Health;

/// <summary>What <c>GET /health</c> answers.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when storage does not answer.</param>
/// <param name="Storage">The storage provider and whether it answers.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="Activations">Grains active in memory now.</param>
public sealed record HealthReport(string Status, StorageReport Storage, DateTimeOffset StartedAt, long UptimeSeconds, int Activations);

/// <summary>The storage part of <see cref="HealthReport"/>.</summary>
/// <param name="Provider"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Location">The database file, or host:port/database.</param>
/// <param name="Status"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="Error">The database's error when unavailable.</param>
public sealed record StorageReport(string Provider, string Location, string Status, string? Error);
