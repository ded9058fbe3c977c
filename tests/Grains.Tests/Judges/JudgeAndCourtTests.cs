using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Judges;

namespace Coordination.Grains.Tests.Judges;

public sealed class JudgeAndCourtTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task JudgeAgenda_ListsEveryOpenDeadlineOfTheirCases_EarliestFirst()
    {
        var judge = "judge-" + Guid.NewGuid().ToString("N")[..6];
        var first = CaseNode.NewCaseNumber();
        var second = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(first, judge);
        await _node.FileAndAssignAsync(second, judge);
        var agenda = await _node.Client.GetGrain<IJudgeGrain>(judge).GetAgenda();
        Assert.Equal(8, agenda.Count); // notice, property report, investigation, conclusion: per case
        Assert.Equal(agenda.OrderBy(a => a.Deadline.DueDate), agenda);
        Assert.Equal(2, (await _node.Client.GetGrain<IJudgeGrain>(judge).GetCaseload()).Count);
    }

    [Fact]
    public async Task WeekPlan_CombinesDeadlinesAndOwnItems_WithColours()
    {
        var judge = "judge-" + Guid.NewGuid().ToString("N")[..6];
        var number = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(number, judge);
        var grain = _node.Client.GetGrain<IJudgeGrain>(judge);
        var item = await grain.SavePlanItem(new PlanItem(null, new DateOnly(2026, 1, 7), "约谈申请人", number));
        Assert.Equal("p1", item.Id);
        var overdueItem = await grain.SavePlanItem(new PlanItem(null, new DateOnly(2026, 1, 4), "上周遗留", null));

        _node.Time.Advance(TimeSpan.FromDays(1)); // Tuesday 2026-01-06 08:00 Shanghai
        var plan = await grain.GetWeekPlan(new DateOnly(2026, 1, 8));
        Assert.Equal(new DateOnly(2026, 1, 5), plan.WeekStart);
        Assert.Contains(plan.Entries, e => e.ItemId == item.Id && e.Colour == Colour.Yellow);
        Assert.Contains(plan.Entries, e => e.DeadlineId == "enforcement-notice" && e.Date == new DateOnly(2026, 1, 8) && e.Colour == Colour.Yellow);
        Assert.DoesNotContain(plan.Entries, e => e.ItemId == overdueItem.Id);
        Assert.Equal(Colour.Red, (await grain.GetWeekPlan(new DateOnly(2026, 1, 4))).Entries.Single(e => e.ItemId == overdueItem.Id).Colour);

        await grain.SavePlanItem(item with { Done = true });
        Assert.Equal(Colour.None, (await grain.GetWeekPlan(new DateOnly(2026, 1, 8))).Entries.Single(e => e.ItemId == item.Id).Colour);
        Assert.True(await grain.RemovePlanItem(item.Id!));
        Assert.False(await grain.RemovePlanItem(item.Id!));
    }

    [Fact]
    public async Task Reassignment_MovesTheCaseBetweenJudges()
    {
        var number = CaseNode.NewCaseNumber();
        var (from, to) = ("judge-" + Guid.NewGuid().ToString("N")[..6], "judge-" + Guid.NewGuid().ToString("N")[..6]);
        var grain = await _node.FileAndAssignAsync(number, from);
        await grain.RecordStep(new CaseStep(CaseStepKind.JudgeAssigned, JudgeId: to), "chief-zhao");
        Assert.Empty(await _node.Client.GetGrain<IJudgeGrain>(from).GetCaseload());
        Assert.Equal(number, Assert.Single(await _node.Client.GetGrain<IJudgeGrain>(to).GetCaseload()).CaseNumber);
    }

    [Fact]
    public async Task Court_CountsReceivedConcludedAndPending_AndListsOverdueNodes()
    {
        var court = _node.Client.GetGrain<ICourtGrain>("SH02");
        var numbers = Enumerable.Range(0, 3).Select(_ => CaseNode.NewCaseNumber("SH02")).ToList();
        foreach (var number in numbers)
        {
            await _node.FileAndAssignAsync(number, "judge-sun", "SH02");
        }

        _node.Time.Advance(TimeSpan.FromDays(2));
        await CaseNode.HearApplicantAsync(_node.Case(numbers[0]), "judge-sun");
        await _node.Case(numbers[0]).RecordStep(new CaseStep(CaseStepKind.Closed, Note: "和解"), "judge-sun");
        var unassigned = CaseNode.NewCaseNumber("SH02");
        await _node.Case(unassigned).File(CaseNode.Filing(unassigned, "SH02"), "clerk-li");

        var statistics = await court.GetStatistics(new DateOnly(2026, 1, 7));
        Assert.Equal(new PeriodCounts(new DateOnly(2026, 1, 7), new DateOnly(2026, 1, 7), 1, 1, 3), statistics.Day);
        Assert.Equal(new PeriodCounts(new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 11), 4, 1, 3), statistics.Week);
        Assert.Equal((4, 1, 3), (statistics.Month.Received, statistics.Month.Concluded, statistics.Pending));
        Assert.Equal(2.0, statistics.AverageDaysToConclude);

        _node.Time.Advance(TimeSpan.FromDays(9)); // 2026-01-16: notices and property requests of both open cases, and the unassigned case's assignment, are overdue
        var overdue = await court.GetOverdue();
        Assert.Equal(5, overdue.Count);
        Assert.Contains(overdue, o => o.CaseNumber == unassigned && o.JudgeId is null && o.Deadline.Id == "assign-judge");
        Assert.Equal(new JudgeLoad("judge-sun", 2, 4), Assert.Single(await court.GetJudges()));

        var focused = await court.SetFocus(numbers[1], true, "信访案件", "chief-zhao");
        Assert.True(focused.Focus);
        await Assert.ThrowsAsync<CaseNotFoundException>(() => court.SetFocus("SH02-none", true, null, "chief-zhao"));
    }
}
