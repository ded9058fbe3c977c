using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Journals;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Judges;
using Coordination.Grains.Notifications;
using Coordination.Grains.Alerts;
using Coordination.Grains.Changes;
using Coordination.Grains.Texts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Cases;

/// <summary>
/// An enforcement case. Its state is the fold of its record (see <see cref="CaseRecordEntry"/>); a command is
/// checked against the state, turned into a sealed entry, appended durably, then applied. After every entry,
/// once the judge's and court's views have it, a snapshot anchors the record's head (so entries removed from
/// the end are detected too) and marks the views current: a case that activates with entries beyond its
/// snapshot repairs the views and its deadline warnings; any other activation (a deadline reminder at midnight) touches nothing else.
/// </summary>
[GrainType(GrainTypeName)]
public sealed partial class CaseGrain(CourtDirectory courts, IOptions<AlertLogOptions> alertLog, ILogger<CaseGrain> logger) : JournaledGrain<CaseState, CaseRecordEntry>, ICaseGrain, IRemindable
{
    /// <summary>The stored grain type: the case record is the log named so, keyed by case number.</summary>
    public const string GrainTypeName = "case";

    /// <summary>The system actor, for entries nobody typed.</summary>
    public const string SystemActor = "system";

    /// <summary>Parties act as <c>party:&lt;case&gt;:&lt;recipient&gt;</c>, e.g. <c>party:SH01-2026-0001:a0</c>.</summary>
    public const string PartyActorPrefix = "party:";

    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<CaseRecordEntry> EventType => GrainsJsonContext.Default.CaseRecordEntry;


    protected override int SnapshotInterval => int.MaxValue;

    private string CaseNumber => GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Version == SnapshotVersion)
        {
            return;
        }

        // The node stopped between an entry and its projection. Best effort: a slow court grain must not stop
        // the case itself from answering; the repair is tried again on the next activation.
        try
        {
            await PushSummaryAsync(previousJudge: null);
            foreach (var entry in (await ReadJournalAsync()).Select(DeserializeEvent).Where(e => e.Sequence > SnapshotVersion))
            {
                await NotifyAsync(entry);
            }

            await CatchUpDeadlinesAsync();

            await WriteSnapshotAsync();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansException)
        {
            logger.LogWarning(exception, "Case {CaseNumber} could not refresh its judge's and court's view on activation", CaseNumber);
        }
    }

    public async Task<CaseView> File(CaseFiling filing, string actor)
    {
        CaseInput.Validate(filing);
        if (filing.CaseNumber != CaseNumber)
        {
            throw new CaseStepRefusedException(ProblemText.Of("case.filingForAnother", ("filed", filing.CaseNumber), ("caseNumber", CaseNumber)));
        }

        if (State.Status != CaseStatus.None)
        {
            throw new CaseStepRefusedException(ProblemText.Of("case.alreadyFiled", ("caseNumber", CaseNumber), ("day", State.FiledAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        }

        if (!courts.Contains(filing.CourtId))
        {
            throw Validation.InputValidationException.For("courtId", "unknownCourt", ("court", filing.CourtId));
        }

        var now = TimeProvider.GetUtcNow();
        var plan = CaseDecider.PlanFiling(filing.Kind, courts.CalendarOf(filing.CourtId), now);
        await AppendAsync(CaseStepKind.Filed, actor, now, filing, step: null, plan);
        return View();
    }

    public async Task<CaseView> RecordStep(CaseStep step, string actor)
    {
        CaseInput.Validate(step);
        EnsureFiled();
        if (step.IdempotencyKey is { } key && State.RecordedKeys.Contains(key))
        {
            return View();
        }

        var now = TimeProvider.GetUtcNow();
        var previousJudge = State.JudgeId;
        var plan = new CaseDecider(State, CaseNumber, courts.CalendarOf(State.Filing!.CourtId)).Decide(step, now);
        await AppendAsync(step.Kind, actor, now, filing: null, step, plan, previousJudge);
        return View();
    }

    public Task<CaseView> Get()
    {
        EnsureFiled();
        return Task.FromResult(View());
    }

    public Task<IReadOnlyList<CaseRecordEntry>> GetRecord() => GetRecordAfter(0);

    public async Task<IReadOnlyList<CaseRecordEntry>> GetRecordAfter(long sequence)
    {
        EnsureFiled();
        return [.. (await ReadJournalAsync(sequence)).Select(DeserializeEvent)];
    }

    public async Task<RecordVerification> VerifyRecord()
    {
        EnsureFiled();
        var rows = await ReadJournalAsync();
        JournalSnapshot<CaseState>? stored;
        try
        {
            stored = await ReadStoredSnapshotAsync();
        }
        catch (System.Text.Json.JsonException unreadable)
        {
            return CaseRecordVerifier.Unreadable(CaseNumber, rows.Count, unreadable);
        }

        // Both the snapshot the case loads on its next activation and the state it holds now must be what the record gives.
        return CaseRecordVerifier.Verify(CaseNumber, rows, Version, State.LastHash, stored, State);
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
        var entry = plan.Seal(Version + 1, now, actor, kind, filing, step, State.LastHash);
        await RaiseEventAsync(entry);
        await ScheduleAsync(plan.Opened, closing, now);
        if (Announcement(entry) is { } announcement)
        {
            await AnnounceAsync(announcement.Kind, announcement.Text, now);
        }

        await PushSummaryAsync(previousJudge);
        await NotifyAsync(entry);
        await WriteSnapshotAsync();
        await SignalChangeAsync(ChangeStreams.Case(CaseNumber));
    }

    /// <summary>Writes the entry's notices to the parties (each once, by its key); the notices send themselves.</summary>
    private Task NotifyAsync(CaseRecordEntry entry)
    {
        var filing = State.Filing!;
        var byHand = courts.NoticeWaitsForJudge(filing.CourtId, entry.Kind);
        return Task.WhenAll(NoticeTemplates.For(entry, filing, courts.NameOf(filing.CourtId))
            .Select(notice => GrainFactory.GetGrain<INoticeGrain>(notice.Key).Create(notice, byHand)));
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

    private CaseSummary Summary() => State.ToSummary(CaseNumber, Version);

    protected override void TransitionState(CaseState state, CaseRecordEntry entry) => state.Apply(entry);

    private CaseView View()
    {
        var now = TimeProvider.GetUtcNow();
        return new CaseView(CaseNumber, State.Filing!.CourtId, State.Status, State.Filing, State.JudgeId, State.FiledAt, State.AssignedAt, State.EndedAt,
            [.. State.Deadlines.Values.OrderBy(d => d.DueDate).Select(d => new DeadlineView(d, d.TierAt(now)))],
            State.Measures.ToDictionary(), State.Clues.ToDictionary(), State.FundsReceived, State.FundsPaidOut, State.FundsHeld, State.ExtensionDaysGranted, Version, State.LastHash,
            State.Opinion, State.Messages);
    }
}
