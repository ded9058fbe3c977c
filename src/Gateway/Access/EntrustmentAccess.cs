using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Entrustment;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>An entrustment as this deployment holds it: the entrusting side, the entrusted side, or both.</summary>
/// <param name="EntrustmentId">The entrustment.</param>
/// <param name="FromCourt">The entrusting court, if this deployment holds that side.</param>
/// <param name="ToCourt">The entrusted court, if this deployment holds that side.</param>
/// <param name="Answering">True when the request answers the entrusted work (<c>entrusted-work</c>), not reads it.</param>
public sealed record EntrustmentResource(string EntrustmentId, string? FromCourt, string? ToCourt, bool Answering);

/// <summary>
/// Entrustments (route <c>{entrustmentId}</c>). For <c>entrustment</c>, Court: the court of either side this deployment
/// holds; for <c>entrusted-work</c> (answering it), Court: the entrusted court only, while the entrusting court, which
/// may read the entrustment, is told 403 rather than "no such entrustment".
/// </summary>
internal sealed class EntrustmentAccess : ResourceAccess<EntrustmentResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Entrustment, Access.Resources.EntrustedWork];

    public override string? RouteParameter => "entrustmentId";

    protected override async ValueTask<EntrustmentResource?> LocateAsync(string resource, string key, HttpContext http)
    {
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var incoming = await grains.GetGrain<IEntrustedWorkGrain>(key).Get();
        var outgoing = await grains.GetGrain<IEntrustmentGrain>(key).Get();
        return incoming is null && outgoing is null ? null : new EntrustmentResource(key, outgoing?.FromCourt, incoming?.ToCourt, resource == Access.Resources.EntrustedWork);
    }

    protected override Relation RelationOf(Caller caller, EntrustmentResource resource) =>
        resource.Answering ? RelationFor(caller, own: false, resource.ToCourt) : EitherSide(caller, resource);

    protected override bool MaySee(Caller caller, EntrustmentResource resource, string kind, Relation relation) =>
        AccessTable.Rule(Access.Resources.Entrustment, "read").Allows(caller.Role, EitherSide(caller, resource));

    private static Relation EitherSide(Caller caller, EntrustmentResource resource) =>
        caller.CourtId is { } court && (court == resource.FromCourt || court == resource.ToCourt) ? Relation.Court : Relation.Other;
}
