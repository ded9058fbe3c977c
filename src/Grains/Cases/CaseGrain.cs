using Coordination.Actors;
using Coordination.Actors.EventSourcing;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Judges;
using Microsoft.Extensions.Logging;

namespace Coordination.Grains.Cases;

/// <summary>
/// An enforcement case. Its state is the fold of its record (see <see cref="CaseRecordEntry"/>); a command is
/// checked against the state, turned into a sealed entry, appended durably, then applied. A snapshot after
/// every entry anchors the record's head, so entries removed from the end are detected too.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class CaseGrain(CourtDirectory courts, ILogger<CaseGrain> logger) : JournaledGrain<CaseState, CaseRecordEntry>, ICaseGrain, IRemindable
{
    /// <summary>The stored grain type: the case record is the log named so, keyed by case number.</summary>
    public const string GrainTypeName = "case";

    /// <summary>The system actor, for entries nobody typed.</summary>
    public const string SystemActor = "system";

    protected override int SnapshotInterval => 1;

    private string CaseNumber => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Status == CaseStatus.None)
        {
            return;
        }

        // Repairs the judge's and court's view if the node stopped between an entry and its projection.
        // Best effort: a slow court grain must not stop the case itself from answering.
        try
        {
            await PushSummaryAsync(previousJudge: null);
        }
        catch (Exception exception) when (exception is GrainCallTimeoutException or NodeStoppedException)
        {
            logger.LogWarning(exception, "Case {CaseNumber} could not refresh its judge's and court's view on activation", CaseNumber);
        }
    }

    public async Task<CaseView> File(CaseFiling filing, string actor)
    {
        CaseInput.Validate(filing);
        if (filing.CaseNumber != CaseNumber)
        {
            throw new CaseStepRefusedException($"The filing is for case {filing.CaseNumber}, not {CaseNumber}.");
        }

        if (State.Status != CaseStatus.None)
        {
            throw new CaseStepRefusedException($"Case {CaseNumber} was already filed on {State.FiledAt:yyyy-MM-dd}; a case number is filed once.");
        }

        if (!courts.Contains(filing.CourtId))
        {
            throw new Validation.InputValidationException(new Dictionary<string, string[]> { ["courtId"] = [$"'{filing.CourtId}' is not a court of this deployment."] });
        }

        var now = TimeProvider.GetUtcNow();
        var calendar = courts.CalendarOf(filing.CourtId);
        var conclude = filing.Kind == CaseKind.Litigation ? DeadlineRuleIds.ConcludeLitigation : DeadlineRuleIds.ConcludeNonLitigation;
        var plan = new EntryPlan();
        plan.Open(calendar.Open(DeadlineRuleIds.AssignJudge, DeadlineRuleIds.AssignJudge, now));
        plan.Open(calendar.Open(ConcludeDeadlineId, conclude, now));
        await AppendAsync(CaseStepKind.Filed, actor, now, filing, step: null, plan);
        return View();
    }

    public async Task<CaseView> RecordStep(CaseStep step, string actor)
    {
        CaseInput.Validate(step);
        EnsureFiled();
        var now = TimeProvider.GetUtcNow();
        var previousJudge = State.JudgeId;
        var plan = Decide(step, now);
        await AppendAsync(step.Kind, actor, now, filing: null, step, plan, previousJudge);
        return View();
    }

    public Task<CaseView> Get()
    {
        EnsureFiled();
        return Task.FromResult(View());
    }

    public async Task<IReadOnlyList<CaseRecordEntry>> GetRecord()
    {
        EnsureFiled();
        return [.. (await ReadJournalAsync()).Select(DeserializeEvent)];
    }

    public async Task<RecordVerification> VerifyRecord()
    {
        EnsureFiled();
        return CaseRecordVerifier.Verify(CaseNumber, await ReadJournalAsync(), Version, State.LastHash);
    }

    private void EnsureFiled()
    {
        if (State.Status == CaseStatus.None)
        {
            throw new CaseNotFoundException(CaseNumber);
        }
    }

    private async Task AppendAsync(CaseStepKind kind, string actor, DateTimeOffset now, CaseFiling? filing, CaseStep? step, EntryPlan plan, string? previousJudge = null)
    {
        var closing = plan.Closed.Select(id => State.Deadlines[id]).ToList();
        var entry = CaseRecordHash.Seal(new CaseRecordEntry(
            Version + 1, now, actor, kind, filing, step, plan.SubjectId, plan.ExpiresOn, plan.Opened, plan.Closed, State.LastHash, Hash: ""));
        await RaiseEventAsync(entry);
        await ScheduleAsync(plan.Opened, closing, now);
        if (kind == CaseStepKind.JudgeAssigned)
        {
            await AnnounceAssignmentAsync(now);
        }

        await PushSummaryAsync(previousJudge);
    }

    private async Task PushSummaryAsync(string? previousJudge)
    {
        var summary = Summary();
        var updates = new List<Task> { GrainFactory.GetGrain<ICourtGrain>(summary.CourtId).UpdateCase(summary) };
        if (summary.JudgeId is { } judge)
        {
            updates.Add(GrainFactory.GetGrain<IJudgeGrain>(judge).UpdateCase(summary));
        }

        if (previousJudge is not null && previousJudge != summary.JudgeId)
        {
            updates.Add(GrainFactory.GetGrain<IJudgeGrain>(previousJudge).RemoveCase(CaseNumber, summary.Version));
        }

        await Task.WhenAll(updates);
    }

    private CaseSummary Summary()
    {
        var filing = State.Filing!;
        var parties = $"{string.Join("、", filing.Applicants.Select(p => p.Name))} v {string.Join("、", filing.Debtors.Select(p => p.Name))}";
        return new CaseSummary(CaseNumber, filing.CourtId, State.JudgeId, filing.Kind, State.Status, parties, State.FiledAt, State.EndedAt,
            State.FundsHeld, [.. State.Deadlines.Values.OrderBy(d => d.DueDate)], Version);
    }

    private CaseView View()
    {
        var now = TimeProvider.GetUtcNow();
        return new CaseView(CaseNumber, State.Filing!.CourtId, State.Status, State.Filing, State.JudgeId, State.FiledAt, State.AssignedAt, State.EndedAt,
            [.. State.Deadlines.Values.OrderBy(d => d.DueDate).Select(d => new DeadlineView(d, d.TierAt(now)))],
            State.Measures.ToDictionary(), State.Clues.ToDictionary(), State.FundsReceived, State.FundsPaidOut, State.FundsHeld, State.ExtensionDaysGranted, Version, State.LastHash);
    }
}
