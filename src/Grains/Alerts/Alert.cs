using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Alerts;

/// <summary>What an alert is about.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Alerts.AlertKind")]
public enum AlertKind
{
    /// <summary>A deadline reached a warning tier (see <see cref="Alert.Tier"/>).</summary>
    Deadline,

    /// <summary>A deadline was met or closed: earlier warnings about it no longer apply.</summary>
    DeadlineWithdrawn,

    /// <summary>A case was assigned to the judge.</summary>
    CaseAssigned,

    /// <summary>A body camera's battery is low (see <see cref="Alert.DeviceId"/>).</summary>
    DeviceBatteryLow,

    /// <summary>A registered device stopped reporting.</summary>
    DeviceSilent,

    /// <summary>A team is on an operation's site and one of its body cameras is not recording.</summary>
    BodyCamNotRecording,

    /// <summary>Two trips could share a vehicle (see <see cref="Alert.SuggestionId"/>); new, or changed with a trip.</summary>
    TripSuggested,

    /// <summary>A shared-travel suggestion no longer applies (a trip changed or was cancelled) or was declined.</summary>
    TripSuggestionWithdrawn,

    /// <summary>Every judge accepted: the trips are now one (see <see cref="Alert.TripId"/>, the shared trip).</summary>
    TripsMerged,

    /// <summary>An entrustment between courts arrived or changed (see <see cref="Alert.EntrustmentId"/>).</summary>
    EntrustmentUpdated,

    /// <summary>A grid worker answered the judge's assistance request.</summary>
    AssistanceAnswered,

    /// <summary>A grid worker has not answered the judge's assistance request by its due time.</summary>
    AssistanceOverdue,

    /// <summary>A party sent the judge a property clue; its 5-day verification limit is open.</summary>
    ClueReceived,

    /// <summary>Money arrived in or left a case's account (一案一账号); the title gives the amount and the balance.</summary>
    FundsMoved,

    /// <summary>A party wrote in the case's thread (一案一群).</summary>
    MessageReceived,

    /// <summary>An applicant gave their opinion before closing, or the window ended without it.</summary>
    OpinionRecorded,

    /// <summary>
    /// A command to a device (see <see cref="Alert.DeviceId"/>) was not answered before it expired; to its sender: the
    /// judge who sent it (<see cref="Alert.JudgeId"/>), and the court and the command centre.
    /// </summary>
    DeviceCommandExpired,
}

/// <summary>An item on the judge, court and command-centre alert streams.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="CourtId">The court.</param>
/// <param name="CaseNumber">The case, for case alerts and alerts about an operation.</param>
/// <param name="JudgeId">The judge in charge, if any.</param>
/// <param name="Title">What it says.</param>
/// <param name="At">When it was raised.</param>
/// <param name="DeadlineId">The deadline, for deadline alerts.</param>
/// <param name="DueDate">The deadline's last day.</param>
/// <param name="Tier">Upcoming (yellow), due (orange) or overdue (red), for deadline alerts.</param>
/// <param name="DeviceId">The device, for device alerts.</param>
/// <param name="TeamId">The field team, for device and team alerts.</param>
/// <param name="TripId">The trip, for trip alerts.</param>
/// <param name="SuggestionId">The shared-travel suggestion, for trip alerts.</param>
/// <param name="EntrustmentId">The entrustment, for entrustment alerts and the entrusted court's deadlines.</param>
/// <param name="PassedUnseen">
/// Deadline alerts sent late: the earlier tiers that began while the node was down and were never warned (this alert
/// warns the current one); null when every tier was warned on time.
/// </param>
/// <param name="TierBeganAt">Deadline alerts: when <paramref name="Tier"/> began; later than a minute before <paramref name="At"/> means the warning came late.</param>
/// <param name="RuleId">Deadline alerts: the deadline's rule, by which the pages show its title in the reader's language.</param>
/// <param name="TextKey">
/// The title's wording, by which the pages show it in the reader's language: the key <c>common.alert.{TextKey}</c> of the
/// pages' texts, filled with <paramref name="TextArgs"/>. <paramref name="Title"/> is then the same wording in English, for API clients (<see cref="Worded"/>).
/// </param>
/// <param name="TextArgs">The values of the wording's placeholders (case numbers, amounts as invariant numbers, names, what a person wrote).</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Alerts.Alert")]
public sealed record Alert(
    [Id(0)] AlertKind Kind, [Id(1)] string CourtId, [Id(2)] string? CaseNumber, [Id(3)] string? JudgeId, [Id(4)] string Title, [Id(5)] DateTimeOffset At,
    [Id(6)] string? DeadlineId = null, [Id(7)] DateOnly? DueDate = null, [Id(8)] AlertTier? Tier = null, [Id(9)] string? DeviceId = null, [Id(10)] string? TeamId = null,
    [Id(11)] string? TripId = null, [Id(12)] string? SuggestionId = null, [Id(13)] string? EntrustmentId = null,
    [Id(14)] IReadOnlyList<AlertTier>? PassedUnseen = null, [Id(15)] DateTimeOffset? TierBeganAt = null, [Id(16)] string? RuleId = null,
    [Id(17)] string? TextKey = null, [Id(18)] IReadOnlyDictionary<string, string>? TextArgs = null)
{
    /// <summary>An alert worded as <paramref name="text"/> says: its key and values for the pages, and its <see cref="Title"/> the same wording in English.</summary>
    public static Alert Worded(AlertKind kind, string courtId, string? caseNumber, string? judgeId, AlertText text, DateTimeOffset at) =>
        new(kind, courtId, caseNumber, judgeId, text.English, at) { TextKey = text.Key, TextArgs = text.Args };
}
