using Coordination.Grains.Cases;
using Coordination.Grains.Notifications;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Tests.Notifications;

/// <summary>Notices to parties: written with each key node, signed by the court, sent by the channel, retried, released by hand.</summary>
public sealed class NoticeTests : IAsyncLifetime
{
    private readonly FlakyChannel _channel = new();
    private readonly CaseNode _node;

    public NoticeTests() => _node = new CaseNode
    {
        ConfigureFirstCourt = c => c.ManualNotices = [CaseStepKind.CoerciveMeasureTaken],
        ConfigureDeployment = o => o.Notifications.MaxAttempts = 3,
        ConfigureServices = services => services.AddSingleton<ISmsChannel>(_channel),
    };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task KeyNodes_SendSignedNotices_AndAPayoutStatesTheExactAmount()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(caseNumber);
        var grain = _node.Case(caseNumber);
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 12_345.67m), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsPaidOut, Target: "张三 账户", Amount: 12_345.67m), "judge-wang");

        var payout = await WaitForAsync(NoticeTemplates.KeyOf(caseNumber, 4, "a0"), NoticeStatus.Delivered);
        Assert.Equal("【上海市黄浦区人民法院】案件" + caseNumber + "已向您发放执行款12,345.67元，请注意查收。", payout.Notice.Text);
        Assert.Equal("13800000001", payout.Notice.Mobile);
        Assert.Equal([1L, 2, 3, 4], _channel.Sent.Select(n => n.Sequence).Distinct().Order());
        Assert.Contains(_channel.Sent, n => n.Sequence == 1 && n.Text.Contains("已立案"));
    }

    [Fact]
    public async Task ANoticeTheCourtSendsByHand_WaitsForTheJudgesClick()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(caseNumber);

        await _node.Case(caseNumber).RecordStep(new CaseStep(CaseStepKind.CoerciveMeasureTaken, Coercive: CoerciveMeasure.Fine), "judge-wang");

        var key = NoticeTemplates.KeyOf(caseNumber, 3, "d0");
        Assert.Equal(NoticeStatus.AwaitingApproval, (await Notice(key).Get())!.Status);
        Assert.DoesNotContain(_channel.Sent, n => n.Key == key);
        await Notice(key).Approve("judge-wang");
        var sent = await WaitForAsync(key, NoticeStatus.Delivered);
        Assert.Equal("judge-wang", sent.ApprovedBy);
    }

    [Fact]
    public async Task AChannelThatFails_IsRetriedWithBackoff_ThenThePartyIsListedAsUnreachable()
    {
        _channel.Failing = true;
        var caseNumber = CaseNode.NewCaseNumber();
        await _node.Case(caseNumber).File(CaseNode.Filing(caseNumber), "clerk-li");
        var key = NoticeTemplates.KeyOf(caseNumber, 1, "a0");
        await WaitForAsync(key, NoticeStatus.Queued, attempts: 1);

        Assert.Equal(1, (await _node.Client.GetGrain<ICourtNoticesGrain>("SH01").Health()).ByStatus[NoticeStatus.Queued]);
        // The notice is not reentrant: once it shows an attempt, that attempt's tick (which moves the reminder) has returned.
        _node.Time.Advance(TimeSpan.FromMinutes(1));
        await WaitForAsync(key, NoticeStatus.Queued, attempts: 2);
        Assert.Equal(1, (await _node.Client.GetGrain<ICourtNoticesGrain>("SH01").Health()).OldestUndeliveredMinutes);

        _node.Time.Advance(TimeSpan.FromMinutes(2));
        var failed = await WaitForAsync(key, NoticeStatus.Failed, attempts: 3);

        Assert.Equal(("gateway down", null), (failed.LastError, failed.LastErrorText));
        var unreachable = Assert.Single((await _node.Client.GetGrain<ICourtNoticesGrain>("SH01").Health()).Unreachable);
        Assert.Equal(key, unreachable.Notice.Key);
    }

    [Theory]
    [InlineData(null, "reported undeliverable", "outcome.notice.undeliverable")]
    [InlineData("number out of service", "number out of service", null)]
    public async Task AnUndeliveredReport_FailsTheNotice_WordedForThePagesOnlyWhenTheNodeWroteTheReason(string? detail, string lastError, string? textKey)
    {
        _channel.AwaitsReport = true;
        var caseNumber = CaseNode.NewCaseNumber();
        await _node.Case(caseNumber).File(CaseNode.Filing(caseNumber), "clerk-li");
        var key = NoticeTemplates.KeyOf(caseNumber, 1, "a0");
        await WaitForAsync(key, NoticeStatus.Sent);

        var failed = await Notice(key).Report(delivered: false, detail);

        Assert.Equal((NoticeStatus.Failed, lastError, textKey), (failed.Status, failed.LastError, failed.LastErrorText?.Key));
    }

    private INoticeGrain Notice(string key) => _node.Client.GetGrain<INoticeGrain>(key);

    private async Task<NoticeView> WaitForAsync(string key, NoticeStatus status, int? attempts = null)
    {
        NoticeView? view = null;
        await Wait.UntilAsync(async () =>
        {
            view = await Notice(key).Get();
            return view?.Status == status && (attempts is null || view.Attempts == attempts);
        }, $"notice {key} to be {status}{(attempts is null ? "" : $" after {attempts} attempts")}");
        return view!;
    }

    private sealed class FlakyChannel : ISmsChannel
    {
        private readonly List<Notice> _sent = [];

        public volatile bool Failing;

        /// <summary>The gateway takes the message and reports its delivery later.</summary>
        public volatile bool AwaitsReport;

        public IReadOnlyList<Notice> Sent
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        public Task<SmsReceipt> SendAsync(Notice notice, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                throw new HttpRequestException("gateway down");
            }

            lock (_sent)
            {
                _sent.Add(notice);
            }

            return Task.FromResult(new SmsReceipt(Delivered: !AwaitsReport));
        }
    }
}
