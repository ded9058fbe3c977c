using System.Globalization;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>
/// Deadline warnings. A case has one durable reminder, set to the next instant a tier of one of its open deadlines
/// begins. When it fires, every tier that began from the instant it was set for is published once (idempotency key:
/// case, deadline, generation, tier), and the reminder moves to the next such instant. A reminder delivered twice, or a
/// node that stopped in between, cannot publish a tier twice; a tier passed while the node was down is published late,
/// not skipped, except that only the highest tier reached is sent, naming the ones that passed unseen. A deadline that
/// opens inside a tier is warned at once.
/// </summary>
public sealed partial class CaseGrain
{
    /// <summary>The case's deadline reminder.</summary>
    public const string DeadlineReminder = "deadlines";

    /// <summary>Earlier versions kept one reminder per deadline, named this followed by the deadline's id.</summary>
    private const string PerDeadlineReminderPrefix = "deadline:";

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName.StartsWith(PerDeadlineReminderPrefix, StringComparison.Ordinal))
        {
            await UnregisterReminder(reminderName); // the case's one reminder takes over from here
        }

        var now = TimeProvider.GetUtcNow();
        if (State.Deadlines.TryGetValue(CaseDecider.OpinionDeadlineId, out var opinion) && opinion.TierAt(now) == AlertTier.Overdue)
        {
            // The applicants' window ended: their silence is recorded, which meets the deadline and lets the case close.
            await AppendAsync(CaseStepKind.OpinionLapsed, SystemActor, now, filing: null, new CaseStep(CaseStepKind.OpinionLapsed),
                new CaseDecider(State, CaseNumber, courts.CalendarOf(State.Filing!.CourtId)).Decide(new CaseStep(CaseStepKind.OpinionLapsed), now));
        }

        // The tick was due at the instant it was set for: tiers that began before then were warned by earlier ticks, and
        // tiers that began between then and a deadline's current tier passed unseen (the node was down). The reminder
        // service fixes the start a moment after the grain asked for it, so the instant is taken a minute earlier (tiers
        // are days apart).
        var scheduledFor = new DateTimeOffset(DateTime.SpecifyKind(status.FirstTickTime, DateTimeKind.Utc)) - TimeSpan.FromMinutes(1);
        await Task.WhenAll([.. State.Deadlines.Values
            .Select(deadline => (Deadline: deadline, Tier: deadline.TierAt(now)))
            .Where(open => open.Tier is { } tier && open.Deadline.BeginningOf(tier) >= scheduledFor)
            .Select(open => PublishAsync(open.Deadline, open.Tier!.Value, now, open.Deadline.TiersSkipped(open.Tier.Value, scheduledFor)))]);
        await RearmAsync(now);
    }

    private async Task ScheduleAsync(IReadOnlyList<Deadline> opened, List<Deadline> closed, DateTimeOffset now)
    {
        if (opened.Count == 0 && closed.Count == 0)
        {
            return;
        }

        var warnings = new List<Task>();
        foreach (var deadline in closed.Where(d => d.TierAt(now) is not null))
        {
            warnings.Add(PublishWithdrawalAsync(deadline, now));
        }

        foreach (var deadline in opened)
        {
            if (deadline.TierAt(now) is { } tier)
            {
                warnings.Add(PublishAsync(deadline, tier, now)); // opened (or moved) inside a tier: its warning goes out now
            }
        }

        await Task.WhenAll(warnings);
        await RearmAsync(now);
    }

    /// <summary>
    /// After the node stopped between an entry and its snapshot: a deadline the entry opened inside a tier may not have
    /// been warned, and the reminder may not have moved. Every current tier is published (once, by its key, so those
    /// already warned are not warned again) unless it began before the alert log's retention, which has forgotten the
    /// keys of warnings so old; then the reminder is set again.
    /// </summary>
    private async Task CatchUpDeadlinesAsync()
    {
        var now = TimeProvider.GetUtcNow();
        var remembered = now - alertLog.Value.Retention;
        await Task.WhenAll([.. State.Deadlines.Values
            .Select(deadline => (Deadline: deadline, Tier: deadline.TierAt(now)))
            .Where(open => open.Tier is { } tier && open.Deadline.BeginningOf(tier) >= remembered)
            .Select(open => PublishAsync(open.Deadline, open.Tier!.Value, now))]);
        await RearmAsync(now);
    }

    /// <summary>Sets the reminder to the next instant a tier of an open deadline begins, or removes it if none will.</summary>
    private async Task RearmAsync(DateTimeOffset now)
    {
        if (State.Deadlines.Values.Select(d => d.NextTierAt(now)).Min() is { } next)
        {
            await RegisterOrUpdateReminder(DeadlineReminder, next);
        }
        else
        {
            await UnregisterReminder(DeadlineReminder);
        }
    }

    private async Task PublishAsync(Deadline deadline, AlertTier tier, DateTimeOffset now, IReadOnlyList<AlertTier>? passedUnseen = null)
    {
        var late = passedUnseen is { Count: > 0 } ? $" (sent late: the {string.Join(" and ", passedUnseen).ToLowerInvariant()} warning passed while the node was down)" : "";
        var alert = new Alert(AlertKind.Deadline, State.Filing!.CourtId, CaseNumber, State.JudgeId,
            $"{deadline.Title}: {Describe(tier)} {deadline.DueDate:yyyy-MM-dd}{late}", now, deadline.Id, deadline.DueDate, tier,
            PassedUnseen: passedUnseen is { Count: > 0 } ? passedUnseen : null, TierBeganAt: deadline.BeginningOf(tier), RuleId: deadline.RuleId);
        await PublishAlertOnceAsync(alert, AlertKey(deadline, tier.ToString()));
    }

    private Task PublishWithdrawalAsync(Deadline deadline, DateTimeOffset now) =>
        PublishAlertOnceAsync(new Alert(AlertKind.DeadlineWithdrawn, State.Filing!.CourtId, CaseNumber, State.JudgeId, $"{deadline.Title}: done", now, deadline.Id, deadline.DueDate, RuleId: deadline.RuleId),
            AlertKey(deadline, "withdrawn"));

    /// <summary>What the judge (and court) are told of an entry besides its deadlines, if anything.</summary>
    private (AlertKind Kind, AlertText Text)? Announcement(CaseRecordEntry entry)
    {
        var step = entry.Step;
        var byParty = entry.Actor.StartsWith(PartyActorPrefix, StringComparison.Ordinal);
        var caseNumber = ("caseNumber", (object?)CaseNumber);
        return entry.Kind switch
        {
            CaseStepKind.JudgeAssigned => (AlertKind.CaseAssigned, AlertText.Of(AlertWordings.CaseAssigned, caseNumber, ("judge", State.JudgeId))),
            CaseStepKind.FundsReceived or CaseStepKind.FundsPaidOut => (AlertKind.FundsMoved,
                AlertText.Of(entry.Kind == CaseStepKind.FundsReceived ? AlertWordings.FundsReceived : AlertWordings.FundsPaidOut, caseNumber, ("amount", step!.Amount!.Value), ("held", State.FundsHeld))),
            CaseStepKind.ClueReceived when byParty => (AlertKind.ClueReceived, AlertText.Of(AlertWordings.ClueReceived, caseNumber, ("note", step!.Note))),
            CaseStepKind.MessagePosted when byParty => (AlertKind.MessageReceived, step!.Note is { } note
                ? AlertText.Of(AlertWordings.MessageReceived, caseNumber, ("text", Shorten(note)))
                : AlertText.Of(AlertWordings.FilesReceived, caseNumber, ("files", step.Attachments?.Count ?? 0))),
            CaseStepKind.OpinionGiven => (AlertKind.OpinionRecorded,
                AlertText.Of(step!.Agrees == true ? AlertWordings.OpinionAgrees : AlertWordings.OpinionObjects, caseNumber, ("applicant", step.Target), ("said", step.Result is { } words ? Shorten(words) : null))),
            CaseStepKind.OpinionLapsed => (AlertKind.OpinionRecorded,
                AlertText.Of(AlertWordings.OpinionLapsed, caseNumber, ("dueDate", State.Opinion!.DueDate), ("answered", State.Opinion.Answers.Count), ("applicants", State.Filing!.Applicants.Count))),
            _ => null,
        };
    }

    private Task AnnounceAsync(AlertKind kind, AlertText text, DateTimeOffset now) =>
        PublishAlertOnceAsync(Alert.Worded(kind, State.Filing!.CourtId, CaseNumber, State.JudgeId, text, now), $"{CaseNumber}/{kind}/{Version.ToString(CultureInfo.InvariantCulture)}");

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    private string AlertKey(Deadline deadline, string what) =>
        $"{CaseNumber}/{deadline.Id}/{deadline.Generation.ToString(CultureInfo.InvariantCulture)}/{what}";

    private static string Describe(AlertTier tier) => tier switch
    {
        AlertTier.Upcoming => "due by",
        AlertTier.Due => "due today,",
        _ => "overdue since",
    };
}
