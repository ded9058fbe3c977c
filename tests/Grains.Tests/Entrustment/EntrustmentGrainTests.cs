using System.Collections.Concurrent;
using System.Text.Json;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Entrustment;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Tests.Entrustment;

/// <summary>Both sides of an entrustment in one node (SH01 entrusts to ZJ01 of the peer "zhejiang"), with a transport the test controls.</summary>
public sealed class EntrustmentGrainTests : IAsyncLifetime
{
    private readonly FakeTransport _transport = new();
    private readonly CaseNode _node;

    public EntrustmentGrainTests() => _node = new CaseNode
    {
        ConfigureDeployment = o => o.Peers.Add(new PeerOptions
        {
            Id = "zhejiang", BaseUrl = "http://127.0.0.1:9", KeyId = "sh-zj", Secret = new string('s', 40), Courts = ["ZJ01"],
        }),
        ConfigureServices = services => services.AddSingleton<IPeerTransport>(_transport),
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task Entrusting_OpensTheHandOverLimitOneMonthAfterFiling_AndDeliveryMeetsIt()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        var filedOn = DateOnly.FromDateTime(_node.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        await _node.FileAndAssignAsync(caseNumber);
        _transport.Down = true;

        await Entrustment("SH01-ent-1").Create(caseNumber, new EntrustmentOrder("ZJ01", EntrustmentKind.AssetInquiry, "查询银行存款", []), "judge-wang");

        var handOver = Assert.Single((await _node.Case(caseNumber).Get()).Deadlines, d => d.Deadline.RuleId == DeadlineRuleIds.EntrustHandOver).Deadline;
        Assert.Equal(filedOn.AddMonths(1), handOver.DueDate);
        await Wait.UntilAsync(async () => (await Outbox().GetStatus()).LastError is not null, "a failed attempt");

        _transport.Down = false;
        _node.Time.Advance(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(async () => (await Entrustment("SH01-ent-1").Get())!.Status == EntrustmentStatus.Delivered, "the retry to deliver it");
        Assert.DoesNotContain((await _node.Case(caseNumber).Get()).Deadlines, d => d.Deadline.RuleId == DeadlineRuleIds.EntrustHandOver);
        Assert.Equal(1, _transport.Sent.Count(m => m.MessageId == "SH01-ent-1/request"));
    }

    [Fact]
    public async Task TheEntrustedCourt_IsWarnedOfTheThirtyDayLimit_AndAStatusReportAfterItMeetsTheFifteenDayOne()
    {
        var court = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var request = new EntrustmentMessage("ZJ01-ent-7/request", EntrustmentMessageType.Request, "ZJ01-ent-7", "ZJ01", "SH01", _node.Time.GetUtcNow(),
            "ZJ01-2026-000007", EntrustmentKind.Seizure, "查封被执行人在上海的房产", []);
        var work = _node.Client.GetGrain<IEntrustedWorkGrain>("ZJ01-ent-7");

        await work.Receive(request, "zhejiang");
        await work.Receive(request, "zhejiang");
        await work.Accept("judge-wang");

        var view = (await work.Get())!;
        Assert.Equal([DeadlineRuleIds.EntrustedFinish, DeadlineRuleIds.EntrustedStatusReport], view.Deadlines.Select(d => d.RuleId));
        var finish = view.Deadlines[0];
        foreach (var (at, tier) in new[] { (finish.UpcomingAt, AlertTier.Upcoming), (finish.DueAt, AlertTier.Due), (finish.OverdueAt, AlertTier.Overdue) })
        {
            await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the reminder ticks under way to return");
            _node.Time.Advance(at - _node.Time.GetUtcNow());
            await Wait.UntilAsync(() => court.Alerts.Any(a => a.DeadlineId == finish.Id && a.Tier == tier), $"the {tier} warning (reminder ticks so far: {_node.Node.Reminders.Completed})");
        }

        Assert.Equal([AlertTier.Upcoming, AlertTier.Due, AlertTier.Overdue], court.Alerts.Where(a => a.DeadlineId == finish.Id).Select(a => a.Tier!.Value));

        await work.ReportProgress(new EntrustmentReport("已查封，待评估", []), "judge-wang");

        Assert.Equal([DeadlineRuleIds.EntrustedFinish], (await work.Get())!.Deadlines.Select(d => d.RuleId));
        await work.Complete(new EntrustmentReport("已查封房产一处", []), "judge-wang");
        Assert.Empty((await work.Get())!.Deadlines);
        await Wait.UntilAsync(() => _transport.Sent.Count == 3, "accept, progress and completion sent back");
        Assert.Equal([EntrustmentMessageType.Accepted, EntrustmentMessageType.Progress, EntrustmentMessageType.Completed], _transport.Sent.Select(m => m.Type));
        Assert.Equal(1, court.Alerts.Count(a => a.Kind == AlertKind.EntrustmentUpdated));
    }

    private IEntrustmentGrain Entrustment(string id) => _node.Client.GetGrain<IEntrustmentGrain>(id);

    private IPeerOutboxGrain Outbox() => _node.Client.GetGrain<IPeerOutboxGrain>("zhejiang");

    private sealed class FakeTransport : IPeerTransport
    {
        public volatile bool Down;

        public ConcurrentQueue<EntrustmentMessage> Sent { get; } = new();

        public Task SendAsync(string peerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new PeerDeliveryException("connection refused", permanent: false);
            }

            Sent.Enqueue(JsonSerializer.Deserialize(body.Span, GrainsJsonContext.Default.EntrustmentMessage)!);
            return Task.CompletedTask;
        }
    }
}
