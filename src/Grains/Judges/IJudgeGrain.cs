using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Judges;

/// <summary>
/// A judge (keyed by user id): caseload, agenda of deadlines across all cases, and a weekly work plan.
/// Case grains keep it up to date; updates older than what it holds are ignored. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Judges.IJudgeGrain")]
public interface IJudgeGrain : IGrainWithStringKey
{
    /// <summary>A case of this judge changed. Idempotent: an update not newer than the held one is ignored.</summary>
    [Alias("UpdateCase")]
    Task UpdateCase(CaseSummary summary);

    /// <summary>A case went to another judge (ignored if the held summary is newer than <paramref name="version"/>).</summary>
    [Alias("RemoveCase")]
    Task RemoveCase(string caseNumber, long version);

    /// <summary>The judge's cases, open first, then by filing date.</summary>
    [Alias("GetCaseload")]
    [ReadOnly]
    Task<IReadOnlyList<CaseSummary>> GetCaseload();

    /// <summary>Every open deadline of the judge's cases, earliest first, with its tier now.</summary>
    [Alias("GetAgenda")]
    [ReadOnly]
    Task<IReadOnlyList<AgendaItem>> GetAgenda();

    /// <summary>The week holding <paramref name="day"/>: deadlines due that week and the judge's own items, coloured.</summary>
    [Alias("GetWeekPlan")]
    [ReadOnly]
    Task<WorkPlan> GetWeekPlan(DateOnly day);

    /// <summary>Adds (null id) or replaces an own plan item; returns it with its id.</summary>
    [Alias("SavePlanItem")]
    Task<PlanItem> SavePlanItem(PlanItem item);

    /// <summary>Removes an own plan item; false if there was none.</summary>
    [Alias("RemovePlanItem")]
    Task<bool> RemovePlanItem(string itemId);
}
