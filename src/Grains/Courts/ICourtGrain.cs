using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Cases;
using Coordination.Grains.Judges;

namespace Coordination.Grains.Courts;

/// <summary>
/// A court's enforcement bureau (keyed by court id): every case's status and judge, focus cases, counts,
/// and, by asking its judges, their plans and every overdue node. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Courts.ICourtGrain")]
public interface ICourtGrain : IGrainWithStringKey
{
    /// <summary>A case of the court changed. Idempotent: an update not newer than the held one is ignored.</summary>
    [Alias("UpdateCase")]
    Task UpdateCase(CaseSummary summary);

    /// <summary>The court's cases, optionally only those with a status or judge, newest first.</summary>
    [Alias("GetCases")]
    [ReadOnly]
    Task<IReadOnlyList<CourtCase>> GetCases(CaseStatus? status, string? judgeId);

    /// <summary>The case's court entry, or null if the court holds none.</summary>
    [Alias("FindCase")]
    [ReadOnly]
    Task<CourtCase?> FindCase(string caseNumber);

    /// <summary>Received, concluded and pending counts for the day, week and month holding <paramref name="day"/>.</summary>
    [Alias("GetStatistics")]
    [ReadOnly]
    Task<CourtStatistics> GetStatistics(DateOnly day);

    /// <summary>Every overdue deadline of the court's cases, oldest first.</summary>
    [Alias("GetOverdue")]
    [ReadOnly]
    Task<IReadOnlyList<AgendaItem>> GetOverdue();

    /// <summary>Each judge with open cases and their overdue count.</summary>
    [Alias("GetJudges")]
    [ReadOnly]
    Task<IReadOnlyList<JudgeLoad>> GetJudges();

    /// <summary>Every judge's weekly plan for the week holding <paramref name="day"/>.</summary>
    [Alias("GetPlans")]
    [ReadOnly]
    Task<IReadOnlyList<WorkPlan>> GetPlans(DateOnly day);

    /// <summary>The cases whose judge asked for an extension the chief has not granted, oldest filing first.</summary>
    [Alias("GetPendingExtensions")]
    [ReadOnly]
    Task<IReadOnlyList<CourtCase>> GetPendingExtensions();

    /// <summary>Flags or unflags a focus case. Fails with <see cref="CaseNotFoundException"/> for a case the court does not hold.</summary>
    [Alias("SetFocus")]
    Task<CourtCase> SetFocus(string caseNumber, bool focus, string? note, string actor);
}
