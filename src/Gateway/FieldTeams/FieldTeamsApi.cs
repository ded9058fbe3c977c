using System.Net.ServerSentEvents;
using Coordination.Actors;
using Coordination.DeviceBridge.Hosting;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Streams;
using Coordination.Grains.Courts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.FieldTeams;

/// <summary>
/// Field teams, their devices and the live positions: people of the team's court see them, judges and the chief dispatch
/// the team to a case's site, the command centre sees every court.
/// </summary>
public static class FieldTeamsApi
{
    /// <summary>Maps <c>/field-teams</c>, <c>/devices</c>, <c>/device-bridge</c> and the positions stream.</summary>
    public static IEndpointRouteBuilder MapFieldTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/field-teams/{teamId}").WithTags("Field teams").RequireAuthorization();
        teams.MapGet("/", GetTeam).WithName("GetFieldTeam").WithSummary("The team: members, devices, current operation, on site or not, last position.");
        teams.MapPut("/operation", Dispatch).WithName("DispatchFieldTeam").WithSummary("Sends the team to a site for a case of its court (judge or chief).");
        teams.MapDelete("/operation", EndOperation).WithName("EndFieldOperation").WithSummary("Ends the team's operation (judge or chief).");
        app.MapGet("/devices/{deviceId}", GetDevice).WithTags("Field teams").RequireAuthorization().WithName("GetDevice").WithSummary("A device's last state and message counts.");
        app.MapGet("/device-bridge/status", GetBridgeStatus).WithTags("Field teams").RequireAuthorization().WithName("GetDeviceBridgeStatus")
            .WithSummary("The MQTT bridge: connection, messages applied, duplicates, dead letters per reason (chief, command centre).");
        app.MapGet("/streams/courts/{courtId}/positions", PositionStream).WithTags("Streams").RequireAuthorization().WithName("StreamCourtPositions")
            .WithSummary("SSE: live positions of the court's field teams (people of the court, the command centre).");
        return app;
    }

    private static async Task<Results<Ok<FieldTeamView>, ProblemHttpResult>> GetTeam(string teamId, HttpContext http, IGrainFactory grains, DeviceDirectory devices)
    {
        if (SeeTeam(http, devices, teamId) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).Get());
    }

    private static async Task<Results<Ok<FieldTeamView>, ProblemHttpResult>> Dispatch(string teamId, OperationOrder order, HttpContext http, IGrainFactory grains, DeviceDirectory devices)
    {
        if (CommandTeam(http, devices, teamId) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).Dispatch(order, Caller.From(http.User).UserId));
    }

    private static async Task<Results<Ok<FieldTeamView>, ProblemHttpResult>> EndOperation(string teamId, HttpContext http, IGrainFactory grains, DeviceDirectory devices)
    {
        if (CommandTeam(http, devices, teamId) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await grains.GetGrain<IFieldTeamGrain>(teamId).EndOperation(Caller.From(http.User).UserId));
    }

    private static async Task<Results<Ok<DeviceView>, ProblemHttpResult>> GetDevice(string deviceId, HttpContext http, IGrainFactory grains, DeviceDirectory devices)
    {
        if (!devices.TryGet(deviceId, out var device))
        {
            return TypedResults.Problem(title: "No such device.", detail: $"'{deviceId}' is not a configured device.", statusCode: StatusCodes.Status404NotFound);
        }

        return Caller.From(http.User).CanSee(device.CourtId)
            ? TypedResults.Ok(await grains.GetGrain<IDeviceGrain>(deviceId).Get())
            : Forbidden.Because($"Device {deviceId} belongs to court {device.CourtId}.");
    }

    private static Results<Ok<DeviceBridgeStatus>, ProblemHttpResult> GetBridgeStatus(HttpContext http)
    {
        if (Caller.From(http.User).Role is not (Roles.Chief or Roles.CommandCentre))
        {
            return Forbidden.Because("Only chiefs and the command centre see the device bridge.");
        }

        var bridge = http.RequestServices.GetService<DeviceBridgeService>();
        return bridge is null
            ? TypedResults.Problem(title: "No device bridge.", detail: "This node does not run the device bridge.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(bridge.Status);
    }

    private static Results<ServerSentEventsResult<TeamPosition>, ProblemHttpResult> PositionStream(string courtId, HttpContext http, IClusterClient client, CourtDirectory courts)
    {
        if (!courts.Contains(courtId) || !Caller.From(http.User).CanSee(courtId))
        {
            return Forbidden.Because($"Only people of {courtId} and the command centre see its field teams.");
        }

        // Positions are live only: a slow client loses the oldest rather than holding the stream back.
        return TypedResults.ServerSentEvents(StreamEvents.ReadAsync(PositionStreams.ForCourt(client.GetStreamProvider(), courtId), after: null, static _ => "position", dropOldest: true, http.RequestAborted));
    }

    private static ProblemHttpResult? SeeTeam(HttpContext http, DeviceDirectory devices, string teamId) => devices.CourtOfTeam(teamId) switch
    {
        null => TypedResults.Problem(title: "No such field team.", detail: $"'{teamId}' is not a configured field team.", statusCode: StatusCodes.Status404NotFound),
        var court when !Caller.From(http.User).CanSee(court) => Forbidden.Because($"Field team {teamId} belongs to court {court}."),
        _ => null,
    };

    private static ProblemHttpResult? CommandTeam(HttpContext http, DeviceDirectory devices, string teamId)
    {
        if (SeeTeam(http, devices, teamId) is { } problem)
        {
            return problem;
        }

        var caller = Caller.From(http.User);
        return caller.Role is Roles.Judge or Roles.Chief && caller.CanActIn(devices.CourtOfTeam(teamId)!)
            ? null
            : Forbidden.Because($"Only judges and the chief of the team's court dispatch it.");
    }
}
