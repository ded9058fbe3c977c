using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Alerts;

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>A deadline reached a warning tier (see <see cref="Alert.Tier"/>).</summary>
    Deadline,

    /// <summary>A deadline was met or closed: earlier warnings about it no longer apply.</summary>
    DeadlineWithdrawn,

    /// <summary>A case was assigned to the judge.</summary>
    CaseAssigned,
}

/// <summary>An item on the judge, court and command-centre alert streams.</summary>
/// <param name="Kind">What it is about.</param>
/// <param name="CourtId">The court.</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="JudgeId">The judge in charge, if any.</param>
/// <param name="Title">What it says.</param>
/// <param name="At">When it was raised.</param>
/// <param name="DeadlineId">The deadline, for deadline alerts.</param>
/// <param name="DueDate">The deadline's last day.</param>
/// <param name="Tier">Upcoming (yellow), due (orange) or overdue (red), for deadline alerts.</param>
public sealed record Alert(
    AlertKind Kind, string CourtId, string CaseNumber, string? JudgeId, string Title, DateTimeOffset At,
    string? DeadlineId = null, DateOnly? DueDate = null, AlertTier? Tier = null);
