using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Grains.Courts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Geography;
using Coordination.Grains.Trips;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.FileProviders;

namespace Coordination.Gateway.CommandCentre;

/// <summary>A court on the command-centre map: its seat and its area's outline.</summary>
public sealed record MapCourt(string Id, string Name, GeoPoint? Seat, IReadOnlyList<GeoPoint> Outline);

/// <summary>What the command-centre map starts from: the courts and their field teams (positions then arrive over SSE).</summary>
public sealed record CommandCentreMap(IReadOnlyList<MapCourt> Courts, IReadOnlyList<FieldTeamView> Teams);

/// <summary>
/// The command-centre page (static files under wwwroot/command-centre, no script from elsewhere) and the map data it
/// starts from. The page signs in with the command-centre role and then uses the same API and SSE streams as everyone.
/// </summary>
public static class CommandCentreApi
{
    /// <summary>Where the page is served.</summary>
    public const string PagePath = "/command-centre";

    /// <summary>Serves the page's files from the wwwroot folder beside the executable.</summary>
    public static WebApplication UseCommandCentrePage(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot", "command-centre");
        if (Directory.Exists(folder))
        {
            app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = PagePath, FileProvider = new PhysicalFileProvider(folder) });
            app.UseStaticFiles(new StaticFileOptions { RequestPath = PagePath, FileProvider = new PhysicalFileProvider(folder) });
        }

        return app;
    }

    /// <summary>Maps <c>/command-centre/map</c> and sends <c>/</c> to the page.</summary>
    public static IEndpointRouteBuilder MapCommandCentreApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Redirect(PagePath + "/")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(PagePath + "/map", GetMap).WithTags("Command centre").WithName("GetCommandCentreMap")
            .WithSummary("Courts with seats and outlines, and every field team with its operation and last position (command centre, chiefs for their court).")
            .RequireAccess(Resources.Deployment, "read-map");
        return app;
    }

    private static async Task<Ok<CommandCentreMap>> GetMap(HttpContext http, IGrainFactory grains, CourtDirectory courts, CourtAreas areas, DeviceDirectory devices)
    {
        var caller = Caller.From(http.User);
        var visible = courts.CourtIds.Where(caller.CanSee).ToList();
        var teams = await Task.WhenAll(devices.Teams.Where(t => visible.Contains(t.CourtId)).Select(t => grains.GetGrain<IFieldTeamGrain>(t.Id).Get()));
        return TypedResults.Ok(new CommandCentreMap([.. visible.Select(id => new MapCourt(id, courts.NameOf(id), areas.SeatOf(id), areas.OutlineOf(id)))], teams));
    }
}
