using System.Globalization;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Journals;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Judges;

/// <summary>A judge's view of their cases, kept as a journal of case updates and plan edits with periodic snapshots.</summary>
[GrainType("judge")]
public sealed class JudgeGrain(CourtDirectory courts) : JournaledGrain<JudgeState, JudgeEvent>, IJudgeGrain
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<JudgeEvent> EventType => GrainsJsonContext.Default.JudgeEvent;

    protected override bool KeepsEvents => false;

    public async Task UpdateCase(CaseSummary summary)
    {
        if (!State.Cases.TryGetValue(summary.CaseNumber, out var held) || held.Version < summary.Version)
        {
            await RaiseEventAsync(new JudgeCaseUpdated(summary));
        }
    }

    public async Task RemoveCase(string caseNumber, long version)
    {
        if (State.Cases.TryGetValue(caseNumber, out var held) && held.Version < version)
        {
            await RaiseEventAsync(new JudgeCaseRemoved(caseNumber, version));
        }
    }

    public Task<IReadOnlyList<CaseSummary>> GetCaseload() => Task.FromResult<IReadOnlyList<CaseSummary>>(
        [.. State.Cases.Values.OrderBy(c => c.Status is CaseStatus.Closed or CaseStatus.Terminated).ThenBy(c => c.FiledAt)]);

    public Task<IReadOnlyList<AgendaItem>> GetAgenda() => Task.FromResult(Agenda(TimeProvider.GetUtcNow()));

    private IReadOnlyList<AgendaItem> Agenda(DateTimeOffset now) =>
        [.. State.Cases.Values
            .SelectMany(c => c.Deadlines.Select(d => new AgendaItem(c.CaseNumber, c.JudgeId, c.Parties, d, d.TierAt(now))))
            .OrderBy(a => a.Deadline.DueDate).ThenBy(a => a.CaseNumber, StringComparer.Ordinal)];

    public Task<WorkPlan> GetWeekPlan(DateOnly day)
    {
        var now = TimeProvider.GetUtcNow();
        var calendar = courts.CalendarOf(State.CourtId ?? courts.CourtIds.First());
        var today = calendar.LocalDate(now);
        var start = WorkPlanColours.WeekStart(day);
        var end = start.AddDays(6);
        var deadlines = Agenda(now)
            .Where(a => a.Deadline.DueDate >= start && a.Deadline.DueDate <= end)
            .Select(a => new PlanEntry(a.Deadline.DueDate, a.Deadline.Title, a.CaseNumber, a.Colour, Done: false, a.Deadline.Id, ItemId: null, a.Deadline.RuleId));
        var own = State.Plan.Values
            .Where(i => i.Date >= start && i.Date <= end)
            .Select(i => new PlanEntry(i.Date, i.Title, i.CaseNumber, WorkPlanColours.Of(i, today, calendar.Rules.UpcomingLeadDays), i.Done, DeadlineId: null, i.Id));
        return Task.FromResult(new WorkPlan(GetPrimaryKeyString(), start, [.. deadlines.Concat(own).OrderBy(e => e.Date).ThenByDescending(e => e.Colour)]));
    }

    public async Task<PlanItem> SavePlanItem(PlanItem item)
    {
        new FieldErrors()
            .Text(item.Title, "title", 200)
            .OptionalText(item.CaseNumber, "caseNumber", 64)
            .Check(item.Id is null || State.Plan.ContainsKey(item.Id), "id", "plan.noSuchItemId", ("item", item.Id))
            .ThrowIfAny();
        var saved = item with { Id = item.Id ?? "p" + (State.LastItemNumber + 1).ToString(CultureInfo.InvariantCulture) };
        await RaiseEventAsync(new PlanItemSaved(saved));
        return saved;
    }

    public async Task<bool> RemovePlanItem(string itemId)
    {
        if (!State.Plan.ContainsKey(itemId))
        {
            return false;
        }

        await RaiseEventAsync(new PlanItemRemoved(itemId));
        return true;
    }

    protected override void TransitionState(JudgeState state, JudgeEvent @event) => state.Apply(@event);
}
