using Coordination.Gateway.Auth;
using Coordination.Grains.Devices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>A configured device.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="CourtId">Its team's court.</param>
public sealed record DeviceResource(string DeviceId, string CourtId);

/// <summary>Devices (route <c>{deviceId}</c>). Court: its team's court.</summary>
internal sealed class DeviceAccess : ResourceAccess<DeviceResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Device];

    public override string? RouteParameter => "deviceId";

    protected override ValueTask<DeviceResource?> LocateAsync(string resource, string key, HttpContext http) => ValueTask.FromResult(
        http.RequestServices.GetRequiredService<DeviceDirectory>().TryGet(key, out var device) ? new DeviceResource(device.DeviceId, device.CourtId) : null);

    protected override Relation RelationOf(Caller caller, DeviceResource resource) => RelationFor(caller, own: false, resource.CourtId);
}
