using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Courts;

/// <summary>What the court keeps of one case.</summary>
public sealed record CourtCase(
    string CaseNumber, string? JudgeId, CaseKind Kind, CaseStatus Status, string Parties, DateTimeOffset FiledAt, DateTimeOffset? EndedAt,
    decimal FundsHeld, long Version, bool Focus = false, string? FocusNote = null)
{
    /// <summary>Terminated (终本) and closed cases both count as concluded (结案).</summary>
    public bool IsConcluded => Status is CaseStatus.Closed or CaseStatus.Terminated;
}

/// <summary>Received (收), concluded (结) and pending (存) cases over a period.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
/// <param name="Received">Filed in the period.</param>
/// <param name="Concluded">Closed or terminated in the period.</param>
/// <param name="PendingAtEnd">Open at the end of the period's last day.</param>
public sealed record PeriodCounts(DateOnly From, DateOnly To, int Received, int Concluded, int PendingAtEnd);

/// <summary>The bureau's counts for the day, week (Monday to Sunday) and month holding a date.</summary>
/// <param name="Day">That day.</param>
/// <param name="Week">That week.</param>
/// <param name="Month">That month.</param>
/// <param name="Pending">Open now.</param>
/// <param name="AverageDaysToConclude">Mean days from filing to conclusion over every concluded case; null if none.</param>
public sealed record CourtStatistics(PeriodCounts Day, PeriodCounts Week, PeriodCounts Month, int Pending, double? AverageDaysToConclude);

/// <summary>A judge's load.</summary>
public sealed record JudgeLoad(string JudgeId, int OpenCases, int OverdueDeadlines);

/// <summary>What the court keeps: compact case entries, plus deadlines of cases without a judge (judges hold the rest).</summary>
public sealed class CourtState
{
    /// <summary>Cases by number.</summary>
    public Dictionary<string, CourtCase> Cases { get; set; } = [];

    /// <summary>Open deadlines of cases that have no judge yet.</summary>
    public Dictionary<string, IReadOnlyList<Deadline>> UnassignedDeadlines { get; set; } = [];

    /// <summary>Applies one event.</summary>
    public void Apply(CourtEvent @event)
    {
        switch (@event)
        {
            case CourtCaseUpdated { Case: var c }:
                var held = Cases.GetValueOrDefault(c.CaseNumber);
                Cases[c.CaseNumber] = new CourtCase(c.CaseNumber, c.JudgeId, c.Kind, c.Status, c.Parties, c.FiledAt, c.EndedAt, c.FundsHeld, c.Version,
                    held?.Focus ?? false, held?.FocusNote);
                if (c.JudgeId is null && c.Deadlines.Count > 0)
                {
                    UnassignedDeadlines[c.CaseNumber] = c.Deadlines;
                }
                else
                {
                    UnassignedDeadlines.Remove(c.CaseNumber);
                }

                break;
            case FocusChanged focus:
                Cases[focus.CaseNumber] = Cases[focus.CaseNumber] with { Focus = focus.Focus, FocusNote = focus.Focus ? focus.Note : null };
                break;
        }
    }
}
