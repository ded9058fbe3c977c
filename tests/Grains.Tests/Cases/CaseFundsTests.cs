using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Cases;

/// <summary>The case account (一案一账号): consistent under concurrent payouts, every movement told to the judge.</summary>
public sealed class CaseFundsTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task ConcurrentPayouts_NeverTakeTheAccountBelowZero_AndInEqualsOutPlusHeld()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(caseNumber);
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 10_000m), "judge-wang");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            try
            {
                await grain.RecordStep(new CaseStep(CaseStepKind.FundsPaidOut, Target: $"申请人账户 {i}", Amount: 1_000m), "judge-wang");
                return true;
            }
            catch (CaseStepRefusedException)
            {
                return false;
            }
        }));

        var view = await grain.Get();
        Assert.Equal(10, outcomes.Count(paid => paid));
        Assert.Equal((10_000m, 10_000m, 0m), (view.FundsReceived, view.FundsPaidOut, view.FundsHeld));
        Assert.Equal(view.FundsReceived, view.FundsPaidOut + view.FundsHeld);
    }

    [Fact]
    public async Task EveryMovement_IsToldToTheJudgeWithTheBalance()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(caseNumber);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 12_345.67m), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsPaidOut, Target: "张三 账户", Amount: 12_000m), "judge-wang");

        await Wait.UntilAsync(() => judge.For(caseNumber).Count(a => a.Kind == AlertKind.FundsMoved) == 2, "both movements on the judge's stream");
        Assert.Equal(
            [$"Case {caseNumber}: 12,345.67 yuan received; the account holds 12,345.67 yuan", $"Case {caseNumber}: 12,000.00 yuan paid out; the account holds 345.67 yuan"],
            judge.For(caseNumber).Where(a => a.Kind == AlertKind.FundsMoved).Select(a => a.Title));
    }
}
