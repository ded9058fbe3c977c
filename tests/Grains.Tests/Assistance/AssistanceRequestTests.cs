using Coordination.Grains.Alerts;
using Coordination.Grains.Assistance;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Geography;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Assistance;

/// <summary>Assistance requests routed by point-in-polygon, answered, and warned about when late. CaseNode's debtor lives at 31.2397, 121.4905.</summary>
public sealed class AssistanceRequestTests : IAsyncLifetime
{
    private readonly CaseNode _node = new()
    {
        ConfigureDeployment = o =>
        {
            o.GridAreas.Add(Area("SH01-WT", "grid-ma", south: 31.22, west: 121.485, north: 31.25, east: 121.50, days: 3));
            o.GridAreas.Add(Area("SH01-NJDL", "grid-liu", south: 31.22, west: 121.46, north: 31.25, east: 121.485, days: 7));
        },
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task ARequestGoesToTheWorkerOfTheAreaHoldingTheDebtor_AndPastItsDueTimeTheJudgeIsWarnedOnce()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(caseNumber);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        var request = await _node.Client.GetGrain<IAssistanceRequestGrain>("r1").Create(caseNumber, new AssistanceOrder(0, AssistanceKind.Whereabouts, "下落"), "judge-wang");

        Assert.Equal(("SH01-WT", "grid-ma", TimeSpan.FromDays(3)), (request.AreaId, request.WorkerId, request.DueAt - request.RequestedAt));
        _node.Time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => judge.Alerts.Any(a => a.Kind == AlertKind.AssistanceOverdue), "the overdue warning");
        await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the overdue tick to return");
        _node.Time.Advance(TimeSpan.FromDays(1));
        // The case's enforcement notice falls overdue within that day: once its warning is out, the day's reminders have run.
        await Wait.UntilAsync(() => judge.Alerts.Any(a => a.CaseNumber == caseNumber && a.DeadlineId == DeadlineRuleIds.EnforcementNotice && a.Tier == AlertTier.Overdue),
            "the notice's overdue warning");
        Assert.Single(judge.Alerts, a => a.Kind == AlertKind.AssistanceOverdue);

        await _node.Client.GetGrain<IAssistanceRequestGrain>("r1").Answer(new AssistanceAnswer(false, "未找到"), "grid-ma");
        await Wait.UntilAsync(() => judge.Alerts.Any(a => a.Kind == AlertKind.AssistanceAnswered), "the answer told to the judge");
        await Assert.ThrowsAsync<AssistanceRefusedException>(() => _node.Client.GetGrain<IAssistanceRequestGrain>("r1").Answer(new AssistanceAnswer(true, "找到了"), "grid-ma"));
    }

    private static GridAreaOptions Area(string id, string worker, double south, double west, double north, double east, int days) => new()
    {
        Id = id, CourtId = "SH01", Name = id, WorkerId = worker, ResponseDays = days,
        Area = [new() { Latitude = south, Longitude = west }, new() { Latitude = south, Longitude = east }, new() { Latitude = north, Longitude = east }, new() { Latitude = north, Longitude = west }],
    };
}
