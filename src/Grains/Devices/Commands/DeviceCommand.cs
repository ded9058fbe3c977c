using Coordination.Grains.Texts;

namespace Coordination.Grains.Devices.Commands;

/// <summary>A command sent to a device, as the device keeps it and the API lists it. Times are the node's.</summary>
/// <param name="Id">Unique, time-ordered (<c>cmd-</c> and a version 7 GUID); the device names it in its answer.</param>
/// <param name="Kind">What the device was asked to do.</param>
/// <param name="Text">The text of a <see cref="DeviceCommandKind.Message"/>.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="ExpiresAt">Unanswered by then, it expires and its sender is alerted.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="DeliveredAt">When the broker acknowledged it.</param>
/// <param name="AnsweredAt">When the device's answer arrived (after <paramref name="ExpiresAt"/>: it came late).</param>
/// <param name="Succeeded">The device's answer: carried out or not; null before it answers.</param>
/// <param name="Detail">Why it failed or expired, or the device's note.</param>
/// <param name="DetailText"><paramref name="Detail"/> as a text of the pages, where the node wrote it (expired, answered late); null for the broker's or the device's own words.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Devices.Commands.DeviceCommand")]
public sealed record DeviceCommand(
    [property: Id(0)] string Id, [property: Id(1)] DeviceCommandKind Kind, [property: Id(2)] string? Text, [property: Id(3)] DeviceCommandSender Sender,
    [property: Id(4)] DateTimeOffset SentAt, [property: Id(5)] DateTimeOffset ExpiresAt, [property: Id(6)] DeviceCommandStatus Status,
    [property: Id(7)] DateTimeOffset? DeliveredAt = null, [property: Id(8)] DateTimeOffset? AnsweredAt = null, [property: Id(9)] bool? Succeeded = null,
    [property: Id(10)] string? Detail = null, [property: Id(11)] ProblemText? DetailText = null)
{
    /// <summary>Waiting for the device's answer: sent or delivered.</summary>
    public bool IsOpen() => Status is DeviceCommandStatus.Sent or DeviceCommandStatus.Delivered;

    /// <summary>The command as it goes to <paramref name="deviceId"/>.</summary>
    public DeviceCommandMessage ToMessage(string deviceId) => new(deviceId, Id, Kind, Text, ExpiresAt);

    /// <summary>The broker took it at <paramref name="at"/>.</summary>
    public DeviceCommand Delivered(DateTimeOffset at) => this with { Status = DeviceCommandStatus.Delivered, DeliveredAt = at };

    /// <summary>It could not be handed to the broker, for <paramref name="reason"/>.</summary>
    public DeviceCommand NotSent(string reason) => this with { Status = DeviceCommandStatus.Failed, Detail = reason, DetailText = null };

    /// <summary>No answer came in time.</summary>
    public DeviceCommand Expired() => this with { Status = DeviceCommandStatus.Expired, Detail = NoAnswer.English, DetailText = NoAnswer };

    /// <summary>
    /// With the device's answer, arrived at <paramref name="at"/>: acknowledged or failed, or, once expired, expired with the
    /// late answer recorded. Null if it was answered already (a repeat changes nothing).
    /// </summary>
    public DeviceCommand? Answered(DeviceCommandAck ack, DateTimeOffset at)
    {
        if (AnsweredAt is not null)
        {
            return null;
        }

        var late = ack.Detail is null && Status == DeviceCommandStatus.Expired ? AnsweredLate : null;
        return this with
        {
            // A command whose hand-over timed out may still have reached the broker: the device's answer is the truth.
            Status = Status == DeviceCommandStatus.Expired ? Status : ack.Succeeded ? DeviceCommandStatus.Acknowledged : DeviceCommandStatus.Failed,
            AnsweredAt = at,
            Succeeded = ack.Succeeded,
            Detail = ack.Detail ?? late?.English,
            DetailText = late,
        };
    }

    private static readonly ProblemText NoAnswer = ProblemText.Of("outcome.command.noAnswer");
    private static readonly ProblemText AnsweredLate = ProblemText.Of("outcome.command.answeredLate");
}
