namespace Coordination.Grains.Devices.Commands;

/// <summary>A command as it goes to the device (the bridge publishes it on <c>devices/{DeviceId}/commands</c>).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="CommandId">Unique per command; the device names it in its acknowledgement.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Text">The text of a <see cref="DeviceCommandKind.Message"/>; null otherwise.</param>
/// <param name="ExpiresAt">After this the device should not carry it out.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.Commands.DeviceCommandMessage")]
public sealed record DeviceCommandMessage(
    [property: Id(0)] string DeviceId, [property: Id(1)] string CommandId, [property: Id(2)] DeviceCommandKind Kind, [property: Id(3)] string? Text,
    [property: Id(4)] DateTimeOffset ExpiresAt);

/// <summary>A device's answer to a command (from <c>courts/{court}/devices/{id}/command-acks</c>).</summary>
/// <param name="CommandId">The command answered.</param>
/// <param name="At">When the device answered (its clock).</param>
/// <param name="Succeeded">True: carried out; false: the device could not.</param>
/// <param name="Detail">The device's reason when it could not, or a note.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.Commands.DeviceCommandAck")]
public sealed record DeviceCommandAck([property: Id(0)] string CommandId, [property: Id(1)] DateTimeOffset At, [property: Id(2)] bool Succeeded, [property: Id(3)] string? Detail);
