using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Grains.Tests.Cases;

public sealed class CaseDeadlineTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    // The test clock starts Monday 2026-01-05 08:00 in Shanghai (00:00 UTC).
    private static DateTimeOffset Shanghai(int day, int hour = 0) => new(2026, 1, day, hour, 0, 0, TimeSpan.FromHours(8));

    // Move the clock to the moment to observe, not past it, once the ticks already delivered have returned (a tick
    // moves its reminder to the next tier before it returns); each test then waits for the effect it asserts.
    private async Task AdvanceTo(DateTimeOffset moment)
    {
        await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the reminder ticks under way to return");
        _node.Time.Advance(moment - _node.Time.GetUtcNow());
    }

    private static Task WaitFor(AlertCollector collector, Func<IReadOnlyList<Alert>, bool> condition, string what) =>
        Wait.UntilAsync(() => condition(collector.Alerts), what);

    [Fact]
    public async Task NoticeDeadline_WarnsUpcomingTwoDaysBefore_AndOverdueAfter_AcrossARestart_WithNothingLostOrRepeated()
    {
        var number = CaseNode.NewCaseNumber();
        var view = await (await _node.FileAndAssignAsync(number)).Get();
        var notice = Assert.Single(view.Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice).Deadline;
        Assert.Equal(new DateOnly(2026, 1, 8), notice.DueDate);

        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var court = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        await AdvanceTo(Shanghai(6));
        await WaitFor(judge, a => a.Any(x => x.DeadlineId == notice.Id), "the upcoming notice warning on the judge stream");
        await WaitFor(court, a => a.Any(x => x.DeadlineId == notice.Id), "the upcoming notice warning on the court stream");

        await _node.Node.RestartAsync();
        judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        court = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        await AdvanceTo(notice.DueAt);
        await WaitFor(judge, a => a.Any(x => x.DeadlineId == notice.Id && x.Tier == AlertTier.Due), "the due warning");
        await AdvanceTo(notice.OverdueAt);
        await WaitFor(court, a => a.Any(x => x.DeadlineId == notice.Id && x.Tier == AlertTier.Overdue), "the overdue warning on the court stream");
        await WaitFor(judge, a => a.Any(x => x.DeadlineId == notice.Id && x.Tier == AlertTier.Overdue), "the overdue warning on the judge stream");

        foreach (var stream in new[] { judge, court })
        {
            var tiers = stream.For(number).Where(a => a.DeadlineId == notice.Id).Select(a => a.Tier).ToList();
            Assert.Equal([AlertTier.Upcoming, AlertTier.Due, AlertTier.Overdue], tiers);
        }
    }

    [Fact]
    public async Task TiersThatBeganWhileTheNodeWasKilled_AreWarnedOnceAtTheCurrentTier_NamingTheTiersThatPassedUnseen()
    {
        var number = CaseNode.NewCaseNumber();
        var view = await (await _node.FileAndAssignAsync(number)).Get();
        var notice = Assert.Single(view.Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice).Deadline;

        // Down before the upcoming warning, back an hour into the due date: the upcoming tier passed unseen.
        await _node.Node.KillAsync();
        _node.Time.Advance(notice.DueAt.AddHours(1) - _node.Time.GetUtcNow());
        await _node.Node.StartAgainAsync();
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        // The reminder, set for the upcoming instant, fires at its next one-minute cadence point after the start.
        await Wait.UntilAsync(() =>
        {
            if (_node.Node.Reminders.Running == 0 && _node.Time.GetUtcNow() < notice.DueAt.AddHours(2))
            {
                _node.Time.Advance(TimeSpan.FromMinutes(1));
            }

            return judge.For(number).Any(a => a.DeadlineId == notice.Id);
        }, "the late notice warning");

        var warning = Assert.Single(judge.For(number), a => a.DeadlineId == notice.Id);
        Assert.Equal(AlertTier.Due, warning.Tier);
        Assert.Equal([AlertTier.Upcoming], warning.PassedUnseen);
        Assert.Equal(notice.DueAt, warning.TierBeganAt);
        Assert.True(warning.At > warning.TierBeganAt, "the warning went out after its tier began");
        Assert.Contains("sent late", warning.Title, StringComparison.Ordinal);

        // The property report (due the same day) passed the same way; its warning is the same kind, once.
        await Wait.UntilAsync(() => judge.For(number).Any(a => a.DeadlineId == DeadlineRuleIds.PropertyReport), "the late property-report warning");
        Assert.Single(judge.For(number), a => a.DeadlineId == DeadlineRuleIds.PropertyReport);
    }

    [Fact]
    public async Task ACaseKeepsOneReminder_DueWhenTheNextTierOfItsOpenDeadlinesBegins()
    {
        var number = CaseNode.NewCaseNumber();
        var view = await (await _node.FileAndAssignAsync(number)).Get();
        Assert.True(view.Deadlines.Count >= 3, "filing and assigning opens several deadlines");

        var reminder = Assert.Single(await RemindersOf(number));
        Assert.Equal(CaseGrain.DeadlineReminder, reminder.ReminderName);
        var next = view.Deadlines.Min(d => d.Deadline.NextTierAt(_node.Time.GetUtcNow()))!.Value;
        Assert.InRange(reminder.StartAt, next.UtcDateTime, next.UtcDateTime.AddSeconds(1));

        // Its tick warns and moves it to the tier after.
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        await AdvanceTo(next);
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number), "the first warning");
        await Wait.UntilAsync(async () => (await RemindersOf(number)).SingleOrDefault()?.StartAt > next.UtcDateTime.AddSeconds(1), "the reminder to move on");
    }

    [Fact]
    public async Task APerDeadlineReminderOfAnEarlierVersion_WarnsItsTierOnce_AndIsRemoved()
    {
        var number = CaseNode.NewCaseNumber();
        var view = await (await _node.FileAndAssignAsync(number)).Get();
        var notice = Assert.Single(view.Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice).Deadline;
        var table = _node.Node.Services.GetRequiredService<IReminderTable>();
        await table.UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create(CaseGrain.GrainTypeName, number), ReminderName = "deadline:" + notice.Id,
            StartAt = notice.UpcomingAt.UtcDateTime, Period = TimeSpan.FromMinutes(1),
        });
        await _node.Node.RestartAsync(); // the new version starts on the old version's table
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        await AdvanceTo(notice.UpcomingAt);
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number && x.DeadlineId == notice.Id), "the upcoming warning");
        await Wait.UntilAsync(async () => (await RemindersOf(number)).All(r => r.ReminderName == CaseGrain.DeadlineReminder), "the old reminder to be removed");
        await AdvanceTo(notice.UpcomingAt.AddMinutes(3)); // both would have fired again by now, had either stayed put
        await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the reminder ticks under way to return");

        Assert.Single(judge.For(number), a => a.DeadlineId == notice.Id);
    }

    private async Task<IList<ReminderEntry>> RemindersOf(string caseNumber) =>
        (await _node.Node.Services.GetRequiredService<IReminderTable>().ReadRows(GrainId.Create(CaseGrain.GrainTypeName, caseNumber))).Reminders;

    [Fact]
    public async Task AWarningOnTime_NamesNoTierPassedUnseen()
    {
        var number = CaseNode.NewCaseNumber();
        var view = await (await _node.FileAndAssignAsync(number)).Get();
        var notice = Assert.Single(view.Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice).Deadline;
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        await AdvanceTo(notice.UpcomingAt);
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number && x.DeadlineId == notice.Id), "the upcoming warning");

        var warning = Assert.Single(judge.For(number), a => a.DeadlineId == notice.Id);
        Assert.Equal(AlertTier.Upcoming, warning.Tier);
        Assert.Null(warning.PassedUnseen);
        Assert.Equal(notice.UpcomingAt, warning.TierBeganAt);
        Assert.DoesNotContain("late", warning.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompletingTheStep_ClosesItsDeadline_AndWithdrawsItsWarning()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        await AdvanceTo(Shanghai(6));
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number && x.DeadlineId == DeadlineRuleIds.EnforcementNotice), "the upcoming warning");

        var view = await grain.RecordStep(new CaseStep(CaseStepKind.NoticeSent, Note: "送达被执行人"), "judge-wang");
        Assert.DoesNotContain(view.Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice);
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number && x.Kind == AlertKind.DeadlineWithdrawn), "the withdrawal");

        await AdvanceTo(Shanghai(10));
        // The property report, due the same day as the notice, is overdue by now: once its warning is out, the case's
        // reminders have run past the notice's due and overdue instants.
        await WaitFor(judge, a => a.Any(x => x.CaseNumber == number && x.DeadlineId == DeadlineRuleIds.PropertyReport && x.Tier == AlertTier.Overdue), "the property report's overdue warning");
        await _node.Case(number).Get(); // the case still answers; no further tier of the met deadline may follow
        Assert.DoesNotContain(judge.For(number), a => a.DeadlineId == DeadlineRuleIds.EnforcementNotice && a.Tier is AlertTier.Due or AlertTier.Overdue);
    }

    [Fact]
    public async Task Freeze_GetsARenewalWarningBeforeItExpires_AndRenewalMovesIt()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var view = await grain.RecordStep(new CaseStep(CaseStepKind.Frozen, Target: "工商银行 6222 0000 1111", Amount: 80_000m), "judge-wang");
        var measure = Assert.Single(view.Measures);
        Assert.Equal(new DateOnly(2027, 1, 5), measure.Value.ExpiresOn);
        var renewal = Assert.Single(view.Deadlines, d => d.Deadline.RuleId == DeadlineRuleIds.RenewFreeze).Deadline;
        Assert.Equal(new DateOnly(2027, 1, 4), renewal.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.FromHours(8)), renewal.UpcomingAt);

        var court = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        await AdvanceTo(renewal.UpcomingAt);
        await WaitFor(court, a => a.Any(x => x.CaseNumber == number && x.DeadlineId == renewal.Id), "the renewal warning");

        var renewed = await grain.RecordStep(new CaseStep(CaseStepKind.Renewed, MeasureId: measure.Key), "judge-wang");
        Assert.Equal(new DateOnly(2028, 1, 5), renewed.Measures[measure.Key].ExpiresOn);
        Assert.Equal(new DateOnly(2028, 1, 4), Assert.Single(renewed.Deadlines, d => d.Deadline.Id == renewal.Id).Deadline.DueDate);
    }

    [Fact]
    public async Task DeadlineOpenedInsideItsWarningWindow_WarnsAtOnce()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var view = await grain.RecordStep(new CaseStep(CaseStepKind.ClueReceived, Note: "被执行人名下车辆 沪A12345", Urgent: true), "judge-wang");
        var clue = Assert.Single(view.Deadlines, d => d.Deadline.RuleId == DeadlineRuleIds.VerifyUrgentClue);
        Assert.Equal(AlertTier.Due, clue.Tier);
        await WaitFor(judge, a => a.Any(x => x.DeadlineId == clue.Deadline.Id && x.Tier == AlertTier.Due), "the urgent clue's due warning");
    }

    [Fact]
    public async Task Extension_RequestedInTime_MovesTheConclusionLimit_ButNotAfterExpiry()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var conclude = (await grain.Get()).Deadlines.Single(d => d.Deadline.RuleId == DeadlineRuleIds.ConcludeLitigation).Deadline;
        Assert.Equal(new DateOnly(2026, 7, 5), conclude.DueDate);

        await grain.RecordStep(new CaseStep(CaseStepKind.ExtensionRequested, Days: 90, Note: "财产处置中"), "judge-wang");
        var granted = await grain.RecordStep(new CaseStep(CaseStepKind.ExtensionGranted, Days: 90), "chief-zhao");
        Assert.Equal(new DateOnly(2026, 10, 3), granted.Deadlines.Single(d => d.Deadline.Id == conclude.Id).Deadline.DueDate);

        await AdvanceTo(new DateTimeOffset(2026, 10, 4, 9, 0, 0, TimeSpan.FromHours(8)));
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.ExtensionRequested, Days: 30), "judge-wang"));
        Assert.Contains("after expiry", refused.Message);
    }

    [Fact]
    public async Task ExtensionRequest_LessThanFiveDaysBeforeTheLimit_IsRefused()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        await AdvanceTo(new DateTimeOffset(2026, 7, 2, 9, 0, 0, TimeSpan.FromHours(8)));
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.ExtensionRequested, Days: 30), "judge-wang"));
        Assert.Contains("at least 5 days before", refused.Message);
    }
}
