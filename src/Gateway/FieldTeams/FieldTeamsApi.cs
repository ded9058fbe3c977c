using System.Net.ServerSentEvents;
using Orleans;
using Coordination.DeviceBridge.Hosting;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.FieldTeams;

/// <summary>
/// Field teams, their devices and the live positions: people of the team's court see them, the chief, the team's
/// members and the case's judge dispatch the team to a case's site, the command centre sees every court.
/// </summary>
public static class FieldTeamsApi
{
    /// <summary>Maps <c>/field-teams</c>, <c>/courts/{id}/field-teams</c>, <c>/devices</c>, <c>/device-bridge</c> and the positions stream.</summary>
    public static IEndpointRouteBuilder MapFieldTeamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/courts/{courtId}/field-teams", ListTeams).WithTags("Field teams").WithName("ListCourtFieldTeams")
            .WithSummary("The court's field teams, each as GET /field-teams/{id} answers (people of the court, the command centre).")
            .RequireAccess(Resources.Court, "read-activity");
        var teams = app.MapGroup("/field-teams/{teamId}").WithTags("Field teams");
        teams.MapGet("/", GetTeam).WithName("GetFieldTeam").WithSummary("The team: members, devices, current operation, on site or not, last position.")
            .RequireAccess(Resources.FieldTeam, "read");
        teams.MapPut("/operation", Dispatch).WithName("DispatchFieldTeam")
            .WithSummary("Sends the team to a site for a case of its court (the chief, a member of the team, or the judge in charge of the case).")
            .RequireAccess(new AccessDeclaration
            {
                Resource = Resources.FieldTeam,
                Operations = ["dispatch"],
                Locate = async c => await FieldTeamAccess.FindAsync((string)c.HttpContext.GetRouteValue("teamId")!, c.Arguments.OfType<OperationOrder>().FirstOrDefault()?.CaseNumber, c.HttpContext),
            });
        teams.MapDelete("/operation", EndOperation).WithName("EndFieldOperation")
            .WithSummary("Ends the team's operation (the chief, a member of the team, or the judge in charge of the operation's case).")
            .RequireAccess(Resources.FieldTeam, "dispatch");
        app.MapGet("/devices/{deviceId}", GetDevice).WithTags("Field teams").WithName("GetDevice").WithSummary("A device's last state and message counts.")
            .RequireAccess(Resources.Device, "read");
        app.MapGet("/device-bridge/status", GetBridgeStatus).WithTags("Field teams").WithName("GetDeviceBridgeStatus")
            .WithSummary("The MQTT bridge: connection, messages applied, duplicates, dead letters per reason (chief, command centre).")
            .RequireAccess(Resources.Deployment, "read-bridge");
        app.MapGet("/streams/courts/{courtId}/positions", PositionStream).WithTags("Streams").WithName("StreamCourtPositions")
            .WithSummary("SSE: live positions of the court's field teams (people of the court, the command centre).")
            .RequireAccess(Resources.Court, "read-activity");
        return app;
    }

    private static async Task<Ok<FieldTeamView[]>> ListTeams(string courtId, IGrainFactory grains, DeviceDirectory devices) =>
        TypedResults.Ok(await Task.WhenAll(devices.Teams.Where(t => t.CourtId == courtId).Select(t => grains.GetGrain<IFieldTeamGrain>(t.Id).Get())));

    private static async Task<Ok<FieldTeamView>> GetTeam(string teamId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).Get());

    private static async Task<Ok<FieldTeamView>> Dispatch(string teamId, OperationOrder order, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).Dispatch(order, Caller.From(http.User).UserId));

    private static async Task<Ok<FieldTeamView>> EndOperation(string teamId, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).EndOperation(Caller.From(http.User).UserId));

    private static async Task<Ok<DeviceView>> GetDevice(string deviceId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDeviceGrain>(deviceId).Get());

    private static Results<Ok<DeviceBridgeStatus>, ProblemHttpResult> GetBridgeStatus(HttpContext http)
    {
        var bridge = http.RequestServices.GetService<DeviceBridgeService>();
        return bridge is null
            ? WordedProblem.Result(StatusCodes.Status404NotFound, ProblemText.Of("team.noDeviceBridge"), ProblemText.Of("team.nodeRunsNoDeviceBridge"))
            : TypedResults.Ok(bridge.Status);
    }

    private static ServerSentEventsResult<TeamPosition> PositionStream(string courtId, HttpContext http, IClusterClient client) =>
        StreamEvents.Live(PositionStreams.ForCourt(client.GetStreamProvider(StreamNames.Provider), courtId), "position", http);
}
