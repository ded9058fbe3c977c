using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Entrustment;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>An entrustment as this deployment holds it: the entrusting side, the entrusted side, or both.</summary>
/// <param name="EntrustmentId">The entrustment.</param>
/// <param name="FromCourt">The entrusting court, if this deployment holds that side.</param>
/// <param name="ToCourt">The entrusted court, if this deployment holds that side.</param>
public sealed record EntrustmentResource(string EntrustmentId, string? FromCourt, string? ToCourt);

/// <summary>
/// Entrustments (route <c>{entrustmentId}</c>). For <c>entrustment</c>, Court: a court of a side this deployment holds;
/// for <c>entrusted-work</c> (answering it), Court: the entrusted court only.
/// </summary>
internal sealed class EntrustmentAccess : ResourceAccess<EntrustmentResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Entrustment, Access.Resources.EntrustedWork];

    public override string? RouteParameter => "entrustmentId";

    protected override async ValueTask<EntrustmentResource?> LocateAsync(string resource, string key, HttpContext http)
    {
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var incoming = await grains.GetGrain<IEntrustedWorkGrain>(key).Get();
        var outgoing = resource == Access.Resources.Entrustment ? await grains.GetGrain<IEntrustmentGrain>(key).Get() : null;
        return incoming is null && outgoing is null ? null : new EntrustmentResource(key, outgoing?.FromCourt, incoming?.ToCourt);
    }

    protected override Relation RelationOf(Caller caller, EntrustmentResource resource) =>
        caller.CourtId is { } court && (court == resource.FromCourt || court == resource.ToCourt) ? Relation.Court : Relation.Other;
}
