using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Assistance;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>What access to an assistance request turns on.</summary>
/// <param name="RequestId">The request.</param>
/// <param name="CourtId">Its case's court.</param>
/// <param name="WorkerId">The grid worker it went to.</param>
public sealed record AssistanceRequestResource(string RequestId, string CourtId, string WorkerId);

/// <summary>Assistance requests (route <c>{requestId}</c>). Own: the grid worker it went to. Court: its case's court.</summary>
internal sealed class AssistanceRequestAccess : ResourceAccess<AssistanceRequestResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.AssistanceRequest];

    public override string? RouteParameter => "requestId";

    protected override async ValueTask<AssistanceRequestResource?> LocateAsync(string resource, string key, HttpContext http) =>
        await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAssistanceRequestGrain>(key).Get() is { } request
            ? new AssistanceRequestResource(request.Id, request.CourtId, request.WorkerId)
            : null;

    protected override Relation RelationOf(Caller caller, AssistanceRequestResource resource) =>
        RelationFor(caller, caller.Role == Roles.GridWorker && caller.UserId == resource.WorkerId, resource.CourtId);
}
