using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Cases;

public sealed class PartyClueTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task AClueFromAParty_PromptsTheJudge_AndOneTheJudgeRecordsDoesNot()
    {
        var caseNumber = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(caseNumber);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));

        await grain.RecordStep(new CaseStep(CaseStepKind.ClueReceived, Note: "[房产] 浦东新区某路1号"), $"party:{caseNumber}:a0");
        await grain.RecordStep(new CaseStep(CaseStepKind.ClueReceived, Note: "[车辆] 电话里说的"), "judge-wang");

        await Wait.UntilAsync(() => judge.For(caseNumber).Any(a => a.Kind == AlertKind.ClueReceived), "the prompt");
        await grain.Get();
        Assert.Contains("浦东新区某路1号", Assert.Single(judge.For(caseNumber), a => a.Kind == AlertKind.ClueReceived).Title);
    }
}
