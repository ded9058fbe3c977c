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

namespace Coordination.Gateway.CommandCentre;

/// <summary>A court on the command-centre map: its seat and its area's outline.</summary>
public sealed record MapCourt(string Id, string Name, GeoPoint? Seat, IReadOnlyList<GeoPoint> Outline);

/// <summary>What the command-centre map starts from: the courts and their field teams (positions then arrive over SSE).</summary>
public sealed record CommandCentreMap(IReadOnlyList<MapCourt> Courts, IReadOnlyList<FieldTeamView> Teams);

/// <summary>
/// The map data the command-centre page (wwwroot/command-centre, see <see cref="Pages.PagesApi"/>) starts from. The page signs in with the command-centre role and then uses the same API and SSE streams as everyone.
/// </summary>
public static class CommandCentreApi
{
    /// <summary>Maps <c>/command-centre/map</c>.</summary>
    public static IEndpointRouteBuilder MapCommandCentreApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/command-centre/map", GetMap).WithTags("Command centre").WithName("GetCommandCentreMap")
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
