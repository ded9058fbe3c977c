using Coordination.Grains.Texts;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Notifications;

/// <summary>Where a notice stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Notifications.NoticeStatus")]
public enum NoticeStatus
{
    /// <summary>Written; waits for the judge's click (the court sends this kind of notice by hand).</summary>
    AwaitingApproval,

    /// <summary>Written and waiting to be sent (or to be sent again).</summary>
    Queued,

    /// <summary>The SMS gateway took it.</summary>
    Sent,

    /// <summary>The gateway reported it delivered to the phone.</summary>
    Delivered,

    /// <summary>Given up after every attempt, or reported undeliverable: the party cannot be reached this way.</summary>
    Failed,
}

/// <summary>A text message to a party about a key node of their case.</summary>
/// <param name="Key">Idempotency key: case, record entry and recipient; the same notice is never written or sent twice.</param>
/// <param name="CourtId">The court (its name signs the message).</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="Step">The record entry's kind (none for a one-time code).</param>
/// <param name="Sequence">The record entry.</param>
/// <param name="Party">The recipient's name.</param>
/// <param name="Mobile">The recipient's mobile number.</param>
/// <param name="Text">The message, signed with the court's name.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Notifications.Notice")]
public sealed record Notice([Id(0)] string Key, [Id(1)] string CourtId, [Id(2)] string CaseNumber, [Id(3)] CaseStepKind? Step, [Id(4)] long Sequence, [Id(5)] string Party, [Id(6)] string Mobile, [Id(7)] string Text);

/// <summary>A notice and its delivery.</summary>
/// <param name="Notice">The message.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Attempts">Sending attempts so far.</param>
/// <param name="NextAttemptAt">When it is tried next, if queued.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="SentAt">When the gateway took it.</param>
/// <param name="DeliveredAt">When it was reported delivered.</param>
/// <param name="ApprovedBy">Who released a notice that waited for approval.</param>
/// <param name="LastErrorText"><paramref name="LastError"/> as a text of the pages, where the node wrote it; null for the gateway's own words.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Notifications.NoticeView")]
public sealed record NoticeView(
    [Id(0)] Notice Notice, [Id(1)] NoticeStatus Status, [Id(2)] DateTimeOffset CreatedAt, [Id(3)] int Attempts, [Id(4)] DateTimeOffset? NextAttemptAt, [Id(5)] string? LastError,
    [Id(6)] DateTimeOffset? SentAt, [Id(7)] DateTimeOffset? DeliveredAt, [Id(8)] string? ApprovedBy, [Id(9)] ProblemText? LastErrorText = null)
{
    /// <summary>Not yet delivered and not given up.</summary>
    public bool IsUndelivered => Status is NoticeStatus.AwaitingApproval or NoticeStatus.Queued or NoticeStatus.Sent;
}

/// <summary>A court's notices at a glance, for the chief.</summary>
/// <param name="CourtId">The court.</param>
/// <param name="ByStatus">How many notices in each status.</param>
/// <param name="OldestUndeliveredSince">When the oldest notice not yet delivered was written (target: within the hour).</param>
/// <param name="OldestUndeliveredMinutes">Its age in minutes.</param>
/// <param name="Unreachable">Notices given up: parties the judge must reach another way.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Notifications.NoticeHealth")]
public sealed record NoticeHealth([Id(0)] string CourtId, [Id(1)] IReadOnlyDictionary<NoticeStatus, int> ByStatus, [Id(2)] DateTimeOffset? OldestUndeliveredSince, [Id(3)] double? OldestUndeliveredMinutes, [Id(4)] IReadOnlyList<NoticeView> Unreachable);

/// <summary>What the SMS channel says about a message it took.</summary>
/// <param name="Delivered">True when the channel itself is the end (the file channel); false when a delivery report may follow.</param>
public sealed record SmsReceipt(bool Delivered);

/// <summary>Sends a text message; implementations must pass <see cref="Notice.Key"/> on, so a resend after a crash is recognised.</summary>
public interface ISmsChannel
{
    /// <summary>Sends the message; throws when it was not taken (the notice is tried again later).</summary>
    Task<SmsReceipt> SendAsync(Notice notice, CancellationToken cancellationToken);
}

/// <summary>No notice has the key.</summary>
public sealed class NoticeNotFoundException(string key) : KeyNotFoundException($"No notice {key}.");

/// <summary>The SMS gateway refused the message for good (a bad number, a refused text): retrying cannot help.</summary>
public sealed class SmsRejectedException(string message) : Exception(message);
