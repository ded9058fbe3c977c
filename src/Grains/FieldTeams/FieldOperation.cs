using Coordination.Grains.Geography;

namespace Coordination.Grains.FieldTeams;

/// <summary>An order to go to a site for a case (e.g. a seizure or an on-site investigation).</summary>
/// <param name="CaseNumber">The case, of the team's court.</param>
/// <param name="Latitude">The site, WGS 84.</param>
/// <param name="Longitude">The site, WGS 84.</param>
/// <param name="RadiusMetres">Within this of the site the team has arrived; default <see cref="Devices.DeviceMonitoringOptions.SiteRadiusMetres"/>.</param>
/// <param name="Address">The site's address, as text.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.OperationOrder")]
public sealed record OperationOrder([Id(0)] string CaseNumber, [Id(1)] double Latitude, [Id(2)] double Longitude, [Id(3)] double? RadiusMetres = null, [Id(4)] string? Address = null);

/// <summary>A team's current operation.</summary>
/// <param name="OperationId">Its id within the team (<c>op-1</c>, <c>op-2</c>, ...).</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="Site">Where.</param>
/// <param name="RadiusMetres">Arrival radius.</param>
/// <param name="Address">The address as text.</param>
/// <param name="StartedAt">When it was dispatched.</param>
/// <param name="StartedBy">Who dispatched it.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.FieldOperation")]
public sealed record FieldOperation([Id(0)] string OperationId, [Id(1)] string CaseNumber, [Id(2)] GeoPoint Site, [Id(3)] double RadiusMetres, [Id(4)] string? Address, [Id(5)] DateTimeOffset StartedAt, [Id(6)] string StartedBy);
