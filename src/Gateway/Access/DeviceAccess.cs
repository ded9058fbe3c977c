using Coordination.Gateway.Auth;
using Coordination.Grains.Devices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>A configured device.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="CourtId">Its team's court.</param>
/// <param name="OperationJudgeId">The judge in charge of the case of its team's current operation; null when the team is idle.</param>
public sealed record DeviceResource(string DeviceId, string CourtId, string? OperationJudgeId);

/// <summary>Devices (route <c>{deviceId}</c>). Own: the judge in charge of the case its team is on now. Court: its team's court.</summary>
internal sealed class DeviceAccess : ResourceAccess<DeviceResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Device];

    public override string? RouteParameter => "deviceId";

    protected override async ValueTask<DeviceResource?> LocateAsync(string resource, string key, HttpContext http) =>
        http.RequestServices.GetRequiredService<DeviceDirectory>().TryGet(key, out var device) && await FieldTeamAccess.FindAsync(device.TeamId, null, http) is { } team
            ? new DeviceResource(device.DeviceId, device.CourtId, team.OperationJudgeId)
            : null;

    protected override Relation RelationOf(Caller caller, DeviceResource resource) =>
        RelationFor(caller, caller.Role == Roles.Judge && caller.CourtId == resource.CourtId && caller.UserId == resource.OperationJudgeId, resource.CourtId);
}
