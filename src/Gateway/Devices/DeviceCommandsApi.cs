using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Devices;

/// <summary>
/// Commands to field devices: the command centre, the chief of the device's court, or the judge leading the operation
/// its team is on sends one; it goes to the device over MQTT and is listed as sent, delivered, acknowledged, failed or expired.
/// </summary>
public static class DeviceCommandsApi
{
    /// <summary>Maps <c>/devices/{deviceId}/commands</c>.</summary>
    public static IEndpointRouteBuilder MapDeviceCommandsApi(this IEndpointRouteBuilder app)
    {
        var commands = app.MapGroup("/devices/{deviceId}/commands").WithTags("Field teams");
        commands.MapPost("/", Send).WithName("SendDeviceCommand")
            .WithSummary("Sends the device a command (StartRecording and StopRecording to body cameras, ReturnToBase, Message with a text) that expires "
                + "unanswered after expiresInSeconds or at expiresAt (default 5 minutes, at most 24 hours): 202 once the broker has it, 503 if it could not be handed over.")
            .RequireAccess(Resources.Device, "command");
        commands.MapGet("/", List).WithName("GetDeviceCommands")
            .WithSummary("The commands sent to the device, the most recent first: every open one and the most recent settled ones (50 by default).")
            .RequireAccess(Resources.Device, "read");
        return app;
    }

    private static async Task<Results<Accepted<DeviceCommand>, ProblemHttpResult>> Send(string deviceId, DeviceCommandRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var command = await grains.GetGrain<IDeviceGrain>(deviceId).SendCommand(request, new DeviceCommandSender(caller.UserId, caller.Role == Roles.Judge));
        return command.Status == DeviceCommandStatus.Failed
            ? WordedProblem.Result(StatusCodes.Status503ServiceUnavailable, ProblemText.Of("device.notHandedOver"), englishDetail: command.Detail,
                extensions: new Dictionary<string, object?> { ["commandId"] = command.Id })
            : TypedResults.Accepted($"/devices/{deviceId}/commands", command);
    }

    private static async Task<Ok<IReadOnlyList<DeviceCommand>>> List(string deviceId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IDeviceGrain>(deviceId).GetCommands());
}
