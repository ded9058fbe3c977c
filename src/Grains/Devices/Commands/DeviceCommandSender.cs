namespace Coordination.Grains.Devices.Commands;

/// <summary>Who sent a command: the caller's user id, and whether they sent it as a judge (the expiry alert then goes to them too).</summary>
/// <param name="UserId">The sender's user id.</param>
/// <param name="IsJudge">True for a judge (the one leading the operation); false for the command centre or the bureau chief.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.Commands.DeviceCommandSender")]
public sealed record DeviceCommandSender([property: Id(0)] string UserId, [property: Id(1)] bool IsJudge);
