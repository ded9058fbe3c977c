using Coordination.Grains.Cases;
using Coordination.Grains.Validation;

namespace Coordination.Grains.Tests.Cases;

public sealed class CaseLifecycleTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    private static CaseStep Step(CaseStepKind kind, decimal? amount = null, string? target = null) => new(kind, Amount: amount, Target: target);

    [Fact]
    public async Task SecondFilingOfTheSameNumber_IsRefused_AndChangesNothing()
    {
        var number = CaseNode.NewCaseNumber();
        await _node.Case(number).File(CaseNode.Filing(number), "clerk-li");
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => _node.Case(number).File(CaseNode.Filing(number), "clerk-li"));
        Assert.Contains("already filed", refused.Message);
        Assert.Equal(1, (await _node.Case(number).Get()).RecordLength);
    }

    [Fact]
    public async Task Filing_WithBadPartyData_FailsNamingEachField()
    {
        var number = CaseNode.NewCaseNumber();
        var filing = CaseNode.Filing(number) with
        {
            Applicants = [CaseNode.Person("张三", 1) with { Mobile = "02112345678" }],
            Debtors = [CaseNode.Person("李四", 2) with { IdNumber = "310101198001010000" }],
            AmountClaimed = 0,
        };
        var error = await Assert.ThrowsAsync<InputValidationException>(() => _node.Case(number).File(filing, "clerk-li"));
        Assert.Equal(["amountClaimed", "applicants[0].mobile", "debtors[0].idNumber"], error.Errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<CaseNotFoundException>(() => _node.Case(number).Get());
    }

    [Fact]
    public async Task Steps_BeforeAJudgeIsAssigned_AreRefused()
    {
        var number = CaseNode.NewCaseNumber();
        await _node.Case(number).File(CaseNode.Filing(number), "clerk-li");
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => _node.Case(number).RecordStep(Step(CaseStepKind.NoticeSent), "judge-wang"));
        Assert.Contains("no judge", refused.Message);
    }

    [Fact]
    public async Task Closing_WithFundsStillHeld_IsRefused_UntilTheyArePaidOut()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        await grain.RecordStep(Step(CaseStepKind.FundsReceived, 50_000m), "judge-wang");
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(Step(CaseStepKind.Closed), "judge-wang"));
        Assert.Equal("The case account still holds 50,000.00 yuan: pay it out before closing the case.", refused.Message);
        Assert.Equal(("case.fundsStillHeld", "50000", "closing"), (refused.Reason.Key, refused.Reason.Args["amount"], refused.Reason.Args["caseEnding"]));

        var paid = await grain.RecordStep(Step(CaseStepKind.FundsPaidOut, 50_000m, "张三"), "judge-wang");
        Assert.Equal((50_000m, 50_000m, 0m), (paid.FundsReceived, paid.FundsPaidOut, paid.FundsHeld));
        Assert.DoesNotContain(paid.Deadlines, d => d.Deadline.Id.StartsWith("pay-out:", StringComparison.Ordinal));
        await CaseNode.HearApplicantAsync(grain);
        var closed = await grain.RecordStep(Step(CaseStepKind.Closed), "judge-wang");
        Assert.Equal(CaseStatus.Closed, closed.Status);
        Assert.Empty(closed.Deadlines);
        var after = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(Step(CaseStepKind.NoticeSent), "judge-wang"));
        Assert.Matches(@"^Case \S+ was closed on \d{4}-\d{2}-\d{2}; no further steps can be recorded\.$", after.Message);
        Assert.Equal(("case.ended", "closed"), (after.Reason.Key, after.Reason.Args["caseEnd"]));
    }

    [Fact]
    public async Task PayoutBeyondTheBalance_IsRefused()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        await grain.RecordStep(Step(CaseStepKind.FundsReceived, 1_000m), "judge-wang");
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(Step(CaseStepKind.FundsPaidOut, 1_000.01m, "张三"), "judge-wang"));
        Assert.Equal("Cannot pay out 1,000.01 yuan: the case account holds only 1,000.00 yuan.", refused.Message);
    }

    [Fact]
    public async Task PartialPayouts_CloseEachArrivalsDeadlineOnlyWhenItIsFullyPaid()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        await grain.RecordStep(Step(CaseStepKind.FundsReceived, 300m), "judge-wang");
        await grain.RecordStep(Step(CaseStepKind.FundsReceived, 200m), "judge-wang");
        var view = await grain.RecordStep(Step(CaseStepKind.FundsPaidOut, 400m, "张三"), "judge-wang");
        Assert.Equal(["pay-out:f2"], view.Deadlines.Select(d => d.Deadline.Id).Where(id => id.StartsWith("pay-out:", StringComparison.Ordinal)));
        Assert.Equal(100m, view.FundsHeld);
    }

    [Fact]
    public async Task FullLifecycle_RecordsWhoWhenWhatAndResult_ForEveryStep()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        CaseStep[] steps =
        [
            new(CaseStepKind.NoticeSent, Note: "邮寄送达"),
            new(CaseStepKind.PropertyReportRequested),
            new(CaseStepKind.ClueReceived, Note: "被执行人在浦东有房产"),
            new(CaseStepKind.ClueVerified, ClueId: "c1", Result: "属实"),
            new(CaseStepKind.InvestigationRequested),
            new(CaseStepKind.InvestigationStarted),
            new(CaseStepKind.NetworkInquirySent),
            new(CaseStepKind.NetworkInquiryResult, Result: "银行存款 2 笔"),
            new(CaseStepKind.InvestigationFinished, Result: "房产一处、存款两笔"),
            new(CaseStepKind.Frozen, Target: "建设银行 6217 0000", Amount: 20_000m),
            new(CaseStepKind.Seized, Target: "浦东新区某路1号", Seizure: SeizureKind.Property),
            new(CaseStepKind.Renewed, MeasureId: "m2"),
            new(CaseStepKind.Valued, Result: "评估价 200 万元"),
            new(CaseStepKind.Auctioned, Result: "成交价 180 万元"),
            new(CaseStepKind.Deducted, Target: "建设银行 6217 0000", Amount: 20_000m),
            new(CaseStepKind.FundsReceived, Amount: 125_000m),
            new(CaseStepKind.CreditMeasureImposed, Credit: CreditMeasure.ConsumptionRestriction),
            new(CaseStepKind.CoerciveMeasureTaken, Coercive: CoerciveMeasure.Fine, Amount: 5_000m),
            new(CaseStepKind.FundsPaidOut, Amount: 125_000m, Target: "张三"),
            new(CaseStepKind.Released, MeasureId: "m1"),
            new(CaseStepKind.CreditMeasureLifted, MeasureId: "m4"),
            new(CaseStepKind.OpinionRequested, Note: "执行完毕，拟结案"),
            new(CaseStepKind.OpinionGiven, Target: "a0", Agrees: true, Result: "同意结案"),
            new(CaseStepKind.Closed, Note: "执行完毕"),
        ];
        foreach (var step in steps)
        {
            await grain.RecordStep(step, "judge-wang");
        }

        var record = await grain.GetRecord();
        Assert.Equal([CaseStepKind.Filed, CaseStepKind.JudgeAssigned, .. steps.Select(s => s.Kind)], record.Select(e => e.Kind));
        Assert.All(record.Skip(2), e => Assert.Equal(("judge-wang", _node.Time.GetUtcNow()), (e.Actor, e.At)));
        Assert.Equal("银行存款 2 笔", record.Single(e => e.Kind == CaseStepKind.NetworkInquiryResult).Step!.Result);
        var view = await grain.Get();
        Assert.Equal(CaseStatus.Closed, view.Status);
        Assert.NotNull(view.Measures["m1"].EndedAt);
        Assert.True((await grain.VerifyRecord()).Intact);
    }

    [Theory]
    [InlineData(CaseStepKind.ClueVerified, "no clue")]
    [InlineData(CaseStepKind.Renewed, "no freeze or seizure")]
    [InlineData(CaseStepKind.InvestigationFinished, "has not started")]
    [InlineData(CaseStepKind.Auctioned, "not been valued")]
    [InlineData(CaseStepKind.ExtensionGranted, "No extension was requested")]
    [InlineData(CaseStepKind.NetworkInquiryResult, "No network inquiry")]
    public async Task StepsThatMakeNoSenseYet_AreRefusedWithTheReason(CaseStepKind kind, string reason)
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        var step = new CaseStep(kind, ClueId: "c9", MeasureId: "m9", Result: "x", Days: 30);
        var refused = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(step, "judge-wang"));
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public async Task StepMissingWhatItsKindNeeds_FailsNamingTheField()
    {
        var grain = await _node.FileAndAssignAsync(CaseNode.NewCaseNumber());
        var error = await Assert.ThrowsAsync<InputValidationException>(() => grain.RecordStep(new CaseStep(CaseStepKind.Frozen), "judge-wang"));
        Assert.Equal(["amount", "target"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
