using Coordination.Gateway.Auth;
using Coordination.Grains.Courts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>A court of the deployment.</summary>
/// <param name="CourtId">Its id.</param>
public sealed record CourtResource(string CourtId);

/// <summary>Courts (route <c>{courtId}</c>). Court: the caller's own. Court ids are public (<c>GET /courts</c>), so refusals are 403.</summary>
internal sealed class CourtAccess : ResourceAccess<CourtResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Court];

    public override string? RouteParameter => "courtId";

    public override bool Hidden => false;

    protected override ValueTask<CourtResource?> LocateAsync(string resource, string key, HttpContext http) =>
        ValueTask.FromResult(http.RequestServices.GetRequiredService<CourtDirectory>().Contains(key) ? new CourtResource(key) : null);

    protected override Relation RelationOf(Caller caller, CourtResource resource) => RelationFor(caller, own: false, resource.CourtId);
}
