using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Journals;
using Coordination.Grains.Cases;
using Coordination.Grains.Judges;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Courts;

/// <summary>A court's bureau view, kept as a journal of case updates with a snapshot every 500 events.</summary>
[GrainType("court")]
public sealed class CourtGrain(CourtDirectory courts) : JournaledGrain<CourtState, CourtEvent>, ICourtGrain
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<CourtEvent> EventType => GrainsJsonContext.Default.CourtEvent;

    protected override int SnapshotInterval => 500;

    protected override bool KeepsEvents => false;

    public async Task UpdateCase(CaseSummary summary)
    {
        if (!State.Cases.TryGetValue(summary.CaseNumber, out var held) || held.Version < summary.Version)
        {
            await RaiseEventAsync(CourtCaseUpdated.Of(summary));
        }
    }

    public Task<IReadOnlyList<CourtCase>> GetCases(CaseStatus? status, string? judgeId) => Task.FromResult<IReadOnlyList<CourtCase>>(
        [.. State.Cases.Values.Where(c => (status is null || c.Status == status) && (judgeId is null || c.JudgeId == judgeId)).OrderByDescending(c => c.FiledAt)]);

    public Task<CourtCase?> FindCase(string caseNumber) => Task.FromResult(State.Cases.GetValueOrDefault(caseNumber));

    public Task<CourtStatistics> GetStatistics(DateOnly day)
    {
        var calendar = courts.CalendarOf(GetPrimaryKeyString());
        var weekStart = WorkPlanColours.WeekStart(day);
        var monthStart = new DateOnly(day.Year, day.Month, 1);
        var cases = State.Cases.Values.Select(c => (Filed: calendar.LocalDate(c.FiledAt), Ended: c.IsConcluded ? calendar.LocalDate(c.EndedAt!.Value) : (DateOnly?)null)).ToList();
        PeriodCounts Count(DateOnly from, DateOnly to) => new(from, to,
            cases.Count(c => c.Filed >= from && c.Filed <= to),
            cases.Count(c => c.Ended >= from && c.Ended <= to),
            cases.Count(c => c.Filed <= to && (c.Ended is null || c.Ended > to)));
        var concluded = State.Cases.Values.Where(c => c.IsConcluded).ToList();
        return Task.FromResult(new CourtStatistics(
            Count(day, day), Count(weekStart, weekStart.AddDays(6)), Count(monthStart, monthStart.AddMonths(1).AddDays(-1)),
            State.Cases.Values.Count(c => !c.IsConcluded),
            concluded.Count == 0 ? null : concluded.Average(c => (c.EndedAt!.Value - c.FiledAt).TotalDays)));
    }

    public async Task<IReadOnlyList<AgendaItem>> GetOverdue()
    {
        var now = TimeProvider.GetUtcNow();
        var agendas = await JudgeAgendasAsync();
        var unassigned = State.UnassignedDeadlines.SelectMany(u => u.Value.Select(d => new AgendaItem(u.Key, null, State.Cases[u.Key].Parties, d, d.TierAt(now))));
        return [.. agendas.SelectMany(a => a.Agenda).Concat(unassigned).Where(a => a.Deadline.OverdueAt <= now).OrderBy(a => a.Deadline.DueDate)];
    }

    public async Task<IReadOnlyList<JudgeLoad>> GetJudges()
    {
        var now = TimeProvider.GetUtcNow();
        return [.. (await JudgeAgendasAsync()).Select(j => new JudgeLoad(j.JudgeId,
            State.Cases.Values.Count(c => c.JudgeId == j.JudgeId && !c.IsConcluded),
            j.Agenda.Count(a => a.Deadline.OverdueAt <= now)))];
    }

    public async Task<IReadOnlyList<WorkPlan>> GetPlans(DateOnly day) =>
        await Task.WhenAll(JudgeIds().Select(j => GrainFactory.GetGrain<IJudgeGrain>(j).GetWeekPlan(day)));

    public Task<IReadOnlyList<CourtCase>> GetPendingExtensions() =>
        Task.FromResult<IReadOnlyList<CourtCase>>([.. State.Cases.Values.Where(c => c.ExtensionRequestedDays is not null).OrderBy(c => c.FiledAt)]);

    public async Task<CourtCase> SetFocus(string caseNumber, bool focus, string? note, string actor)
    {
        new FieldErrors().OptionalText(note, "note", 500).ThrowIfAny();
        _ = State.Cases.GetValueOrDefault(caseNumber) ?? throw new CaseNotFoundException(caseNumber);

        await RaiseEventAsync(new FocusChanged(caseNumber, focus, note, actor));
        return State.Cases[caseNumber];
    }

    private Task<(string JudgeId, IReadOnlyList<AgendaItem> Agenda)[]> JudgeAgendasAsync() =>
        Task.WhenAll(JudgeIds().Select(async j => (j, await GrainFactory.GetGrain<IJudgeGrain>(j).GetAgenda())));

    private IEnumerable<string> JudgeIds() =>
        State.Cases.Values.Where(c => c.JudgeId is not null && !c.IsConcluded).Select(c => c.JudgeId!).Distinct().Order(StringComparer.Ordinal);

    protected override void TransitionState(CourtState state, CourtEvent @event) => state.Apply(@event);
}
