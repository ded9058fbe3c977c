namespace Coordination.Gateway.Health;

/// <summary>What <c>GET /health</c> answers.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when storage does not answer.</param>
/// <param name="Storage">The storage provider and whether it answers.</param>
/// <param name="Silo">The Orleans silo and cluster: status, silos, activations.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="UptimeSeconds">Seconds since then.</param>
/// <param name="Activations">Grains active in memory now.</param>
public sealed record HealthReport(string Status, StorageReport Storage, SiloReport Silo, DateTimeOffset StartedAt, long UptimeSeconds, int Activations);

/// <summary>The storage part of <see cref="HealthReport"/>.</summary>
/// <param name="Provider"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="Location">The database file, or host:port/database.</param>
/// <param name="Status"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="Error">The database's error when unavailable.</param>
public sealed record StorageReport(string Provider, string Location, string Status, string? Error);

/// <summary>The Orleans cluster this node belongs to.</summary>
/// <param name="Status"><c>active</c> when at least one silo (this node's, on a single node) is active.</param>
/// <param name="Node">The silo that answered: this node's address (<c>host:port@epoch</c>), so that behind a load balancer one can tell the nodes apart.</param>
/// <param name="ActiveSilos">How many silos are active.</param>
/// <param name="Silos">Every silo the membership table knows, with its status (Joining, Active, ShuttingDown, Dead, ...).</param>
/// <param name="Activations">Live grain activations across the cluster.</param>
/// <param name="Error">Why the cluster could not be asked, if it could not.</param>
public sealed record SiloReport(string Status, string Node, int ActiveSilos, IReadOnlyList<SiloMember> Silos, int Activations, string? Error);

/// <summary>A silo and its membership status.</summary>
/// <param name="Address">Its address (ip:port@generation).</param>
/// <param name="Status">Its status.</param>
public sealed record SiloMember(string Address, string Status);
