using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;
using Coordination.Testing;

namespace Coordination.Grains.Tests.Cases;

/// <summary>Before a case closes the applicants are asked for their opinion; their answer, or their silence when the window ends, is recorded and shown to the judge.</summary>
public sealed class OpinionBeforeClosingTests : IAsyncLifetime
{
    // The window is a rule of the court's table; this court gives applicants 1 day instead of the default 7.
    private readonly string _rulesFile = WriteRules();
    private readonly CaseNode _node;

    public OpinionBeforeClosingTests() => _node = new() { ConfigureFirstCourt = court => court.RulesFile = _rulesFile };

    private static string WriteRules()
    {
        var rules = DeadlineRuleSet.Default with
        {
            Rules = [.. DeadlineRuleSet.Default.Rules.Select(r => r.Id == DeadlineRuleIds.ApplicantOpinion ? r with { Days = 1, LeadDays = 0 } : r)],
        };
        var path = Path.Combine(Path.GetTempPath(), $"coordination-rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(rules, GrainsJsonContext.Default.DeadlineRuleSet));
        return path;
    }

    public Task InitializeAsync() => _node.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        File.Delete(_rulesFile);
    }

    // Move the clock once the ticks already delivered have returned; the reminders due by the moment fire, and the test
    // then waits for their effect.
    private async Task AdvanceTo(DateTimeOffset moment)
    {
        await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the reminder ticks under way to return");
        _node.Time.Advance(moment - _node.Time.GetUtcNow());
    }

    [Fact]
    public async Task Closing_WaitsForTheOpinionWindow_AndSilenceIsRecordedBySystemWhenItEnds()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var notAsked = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.Closed), "judge-wang"));
        Assert.Contains("opinion", notAsked.Message);

        var asked = await grain.RecordStep(new CaseStep(CaseStepKind.OpinionRequested, Note: "执行完毕，拟结案"), "judge-wang");
        var window = Assert.Single(asked.Deadlines, d => d.Deadline.Id == "opinion").Deadline;
        Assert.Equal(new DateOnly(2026, 1, 6), window.DueDate); // 1 day from Monday 2026-01-05
        var waiting = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.Closed), "judge-wang"));
        Assert.Contains("until 2026-01-06", waiting.Message);
        await Wait.UntilAsync(() => File.Exists(_node.SmsFile) && File.ReadAllLines(_node.SmsFile).Any(l => ((string)JsonNode.Parse(l)!["text"]!).Contains("请于2026-01-06前通过阳光执行提出意见")),
            "the applicant to be asked by SMS with the last day");

        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        await AdvanceTo(window.DueAt);
        await Wait.UntilAsync(() => judge.For(number).Any(a => a.DeadlineId == "opinion" && a.Tier == AlertTier.Due), "the window's last day on the judge's stream");
        await AdvanceTo(window.OverdueAt);
        await Wait.UntilAsync(async () => (await grain.GetRecord()).Any(e => e.Kind == CaseStepKind.OpinionLapsed), "the lapse to be recorded");
        var lapse = (await grain.GetRecord()).Single(e => e.Kind == CaseStepKind.OpinionLapsed);
        Assert.Equal(CaseGrain.SystemActor, lapse.Actor);
        await Wait.UntilAsync(() => judge.For(number).Any(a => a.Kind == AlertKind.OpinionRecorded && a.Title.Contains("0 of 1 applicants answered")), "the judge to be told");
        Assert.DoesNotContain(judge.For(number), a => a.DeadlineId == "opinion" && a.Tier == AlertTier.Overdue);
        var view = await grain.Get();
        Assert.True(view.Opinion is { Lapsed: true, SettledAt: not null });

        Assert.Equal(CaseStatus.Closed, (await grain.RecordStep(new CaseStep(CaseStepKind.Closed), "judge-wang")).Status);
    }

    [Fact]
    public async Task AnApplicantsAnswer_SettlesTheRound_OnlyApplicantsAnswer_AndOnlyOnce()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var judge = await _node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var early = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.OpinionGiven, Target: "a0", Agrees: true), "party:x:a0"));
        Assert.Contains("No opinion is being asked for", early.Message);

        await grain.RecordStep(new CaseStep(CaseStepKind.OpinionRequested, Note: "终结本次执行程序"), "judge-wang");
        var debtor = await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.OpinionGiven, Target: "d0", Agrees: true), "judge-wang"));
        Assert.Contains("not an applicant", debtor.Message);
        var answered = await grain.RecordStep(new CaseStep(CaseStepKind.OpinionGiven, Target: "a0", Agrees: false, Result: "被执行人还有一辆车未查"), $"party:{number}:a0");

        Assert.Equal((false, "被执行人还有一辆车未查", $"party:{number}:a0"), (answered.Opinion!.Answers["a0"].Agrees, answered.Opinion.Answers["a0"].Text, answered.Opinion.Answers["a0"].By));
        Assert.NotNull(answered.Opinion.SettledAt);
        Assert.DoesNotContain(answered.Deadlines, d => d.Deadline.Id == "opinion");
        await Wait.UntilAsync(() => judge.For(number).Any(a => a.Kind == AlertKind.OpinionRecorded && a.Title.Contains("objects to closing 被执行人还有一辆车未查")), "the judge to see the objection");
        await Assert.ThrowsAsync<CaseStepRefusedException>(() => grain.RecordStep(new CaseStep(CaseStepKind.OpinionGiven, Target: "a0", Agrees: true), "judge-wang"));

        var again = await grain.RecordStep(new CaseStep(CaseStepKind.OpinionRequested, Note: "车辆已查封拍卖，拟结案"), "judge-wang");
        Assert.Equal(1, Assert.Single(again.Deadlines, d => d.Deadline.Id == "opinion").Deadline.Generation);
        Assert.Empty(again.Opinion!.Answers);
    }
}
