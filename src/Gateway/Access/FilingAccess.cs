using Orleans;
using Coordination.Gateway.Auth;
using Coordination.Grains.Filing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Access;

/// <summary>What access to an online filing application turns on.</summary>
/// <param name="ApplicationId">The application.</param>
/// <param name="CourtId">The court it was filed with.</param>
/// <param name="Mobile">The filer's mobile.</param>
public sealed record FilingResource(string ApplicationId, string CourtId, string Mobile);

/// <summary>Filing applications (route <c>{id}</c>). Own: the filer who submitted it. Court: the court it was filed with.</summary>
internal sealed class FilingAccess : ResourceAccess<FilingResource>
{
    public override IReadOnlyList<string> Resources => [Access.Resources.Filing];

    public override string? RouteParameter => "id";

    protected override async ValueTask<FilingResource?> LocateAsync(string resource, string key, HttpContext http)
    {
        try
        {
            var view = await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IFilingApplicationGrain>(key).Get();
            return new FilingResource(view.Id, view.Application.CourtId, view.Mobile);
        }
        catch (FilingNotFoundException)
        {
            return null;
        }
    }

    protected override Relation RelationOf(Caller caller, FilingResource resource) =>
        RelationFor(caller, caller.FilerMobile is { } mobile && mobile == resource.Mobile, resource.CourtId);
}
