using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Courts;

/// <summary>What the court keeps of one case; <see cref="ExtensionRequestedDays"/> is an extension of the conclusion limit waiting for the chief.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Courts.CourtCase")]
public sealed record CourtCase(
    [Id(0)] string CaseNumber, [Id(1)] string? JudgeId, [Id(2)] CaseKind Kind, [Id(3)] CaseStatus Status, [Id(4)] string Parties, [Id(5)] DateTimeOffset FiledAt, [Id(6)] DateTimeOffset? EndedAt,
    [Id(7)] decimal FundsHeld, [Id(8)] long Version, [Id(9)] bool Focus = false, [Id(10)] string? FocusNote = null,
    [Id(11)] int? ExtensionRequestedDays = null)
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
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Courts.PeriodCounts")]
public sealed record PeriodCounts([Id(0)] DateOnly From, [Id(1)] DateOnly To, [Id(2)] int Received, [Id(3)] int Concluded, [Id(4)] int PendingAtEnd);

/// <summary>The bureau's counts for the day, week (Monday to Sunday) and month holding a date.</summary>
/// <param name="Day">That day.</param>
/// <param name="Week">That week.</param>
/// <param name="Month">That month.</param>
/// <param name="Pending">Open now.</param>
/// <param name="AverageDaysToConclude">Mean days from filing to conclusion over every concluded case; null if none.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Courts.CourtStatistics")]
public sealed record CourtStatistics([Id(0)] PeriodCounts Day, [Id(1)] PeriodCounts Week, [Id(2)] PeriodCounts Month, [Id(3)] int Pending, [Id(4)] double? AverageDaysToConclude);

/// <summary>A judge's load.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Courts.JudgeLoad")]
public sealed record JudgeLoad([Id(0)] string JudgeId, [Id(1)] int OpenCases, [Id(2)] int OverdueDeadlines);

/// <summary>What the court keeps: compact case entries, plus deadlines of cases without a judge (judges hold the rest).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Courts.CourtState")]
public sealed class CourtState
{
    /// <summary>Cases by number.</summary>
    [Id(0)]
    public Dictionary<string, CourtCase> Cases { get; set; } = [];

    /// <summary>Open deadlines of cases that have no judge yet.</summary>
    [Id(1)]
    public Dictionary<string, IReadOnlyList<Deadline>> UnassignedDeadlines { get; set; } = [];

    /// <summary>Applies one event.</summary>
    public void Apply(CourtEvent @event)
    {
        switch (@event)
        {
            case CourtCaseUpdated { Case: var c }:
                var held = Cases.GetValueOrDefault(c.CaseNumber);
                Cases[c.CaseNumber] = new CourtCase(c.CaseNumber, c.JudgeId, c.Kind, c.Status, c.Parties, c.FiledAt, c.EndedAt, c.FundsHeld, c.Version,
                    held?.Focus ?? false, held?.FocusNote, c.ExtensionRequestedDays);
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
