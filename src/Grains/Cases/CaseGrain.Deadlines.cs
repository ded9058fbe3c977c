using System.Globalization;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>
/// Deadline warnings. Each open deadline has a durable reminder set to its next tier's start. When it
/// fires, the tier reached by then is published once (idempotency key: case, deadline, generation, tier)
/// and the reminder moves to the next tier. A reminder delivered twice, or a node that stopped in between,
/// cannot publish a tier twice; a tier passed while the node was down is published late, not skipped,
/// except that only the highest tier reached is sent.
/// </summary>
public sealed partial class CaseGrain
{
    /// <summary>A deadline's reminder is named this followed by the deadline's id.</summary>
    internal const string ReminderPrefix = "deadline:";

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var id = reminderName[ReminderPrefix.Length..];
        if (!State.Deadlines.TryGetValue(id, out var deadline))
        {
            await UnregisterReminder(reminderName); // met meanwhile
            return;
        }

        var now = TimeProvider.GetUtcNow();
        if (id == CaseDecider.OpinionDeadlineId && deadline.TierAt(now) == AlertTier.Overdue)
        {
            // The applicants' window ended: their silence is recorded, which meets the deadline and lets the case close.
            await AppendAsync(CaseStepKind.OpinionLapsed, SystemActor, now, filing: null, new CaseStep(CaseStepKind.OpinionLapsed),
                new CaseDecider(State, CaseNumber, courts.CalendarOf(State.Filing!.CourtId)).Decide(new CaseStep(CaseStepKind.OpinionLapsed), now));
            return;
        }

        if (deadline.TierAt(now) is { } tier)
        {
            // The tick was due at the instant it was set for; tiers that began between then and this tier passed unseen
            // (the node was down), and the warning says so. The reminder service fixes the start a moment after the grain
            // asked for it, so the instant is taken a minute earlier (tiers are days apart).
            var scheduledFor = new DateTimeOffset(DateTime.SpecifyKind(status.FirstTickTime, DateTimeKind.Utc)) - TimeSpan.FromMinutes(1);
            await PublishAsync(deadline, tier, now, deadline.TiersSkipped(tier, scheduledFor));
        }

        await RearmAsync(deadline, now);
    }

    private async Task ScheduleAsync(IReadOnlyList<Deadline> opened, IReadOnlyList<Deadline> closed, DateTimeOffset now)
    {
        foreach (var deadline in closed)
        {
            await UnregisterReminder(ReminderPrefix + deadline.Id);
            if (deadline.TierAt(now) is not null)
            {
                await PublishWithdrawalAsync(deadline, now);
            }
        }

        foreach (var deadline in opened)
        {
            // One opened (or moved) already inside a tier fires at once, so its warning goes out now.
            await RegisterOrUpdateReminder(ReminderPrefix + deadline.Id, deadline.TierAt(now) is null ? deadline.UpcomingAt : now);
        }
    }

    private async Task RearmAsync(Deadline deadline, DateTimeOffset now)
    {
        if (deadline.NextTierAt(now) is { } next)
        {
            await RegisterOrUpdateReminder(ReminderPrefix + deadline.Id, next);
        }
        else
        {
            await UnregisterReminder(ReminderPrefix + deadline.Id);
        }
    }

    private async Task PublishAsync(Deadline deadline, AlertTier tier, DateTimeOffset now, IReadOnlyList<AlertTier>? passedUnseen = null)
    {
        var late = passedUnseen is { Count: > 0 } ? $" (sent late: the {string.Join(" and ", passedUnseen).ToLowerInvariant()} warning passed while the node was down)" : "";
        var alert = new Alert(AlertKind.Deadline, State.Filing!.CourtId, CaseNumber, State.JudgeId,
            $"{deadline.Title}: {Describe(tier)} {deadline.DueDate:yyyy-MM-dd}{late}", now, deadline.Id, deadline.DueDate, tier,
            PassedUnseen: passedUnseen is { Count: > 0 } ? passedUnseen : null, TierBeganAt: deadline.BeginningOf(tier));
        await PublishAlertOnceAsync(alert, AlertKey(deadline, tier.ToString()));
    }

    private Task PublishWithdrawalAsync(Deadline deadline, DateTimeOffset now) =>
        PublishAlertOnceAsync(new Alert(AlertKind.DeadlineWithdrawn, State.Filing!.CourtId, CaseNumber, State.JudgeId, $"{deadline.Title}: done", now, deadline.Id, deadline.DueDate),
            AlertKey(deadline, "withdrawn"));

    /// <summary>What the judge (and court) are told of an entry besides its deadlines, if anything.</summary>
    private (AlertKind Kind, string Title)? Announcement(CaseRecordEntry entry)
    {
        var step = entry.Step;
        var byParty = entry.Actor.StartsWith(PartyActorPrefix, StringComparison.Ordinal);
        return entry.Kind switch
        {
            CaseStepKind.JudgeAssigned => (AlertKind.CaseAssigned, $"Case {CaseNumber} assigned to {State.JudgeId}"),
            CaseStepKind.FundsReceived or CaseStepKind.FundsPaidOut => (AlertKind.FundsMoved,
                $"Case {CaseNumber}: {Yuan(step!.Amount!.Value)} {(entry.Kind == CaseStepKind.FundsReceived ? "received" : "paid out")}; the account holds {Yuan(State.FundsHeld)}"),
            CaseStepKind.ClueReceived when byParty => (AlertKind.ClueReceived, $"Case {CaseNumber}: the applicant sent a property clue: {step!.Note}"),
            CaseStepKind.MessagePosted when byParty => (AlertKind.MessageReceived,
                $"Case {CaseNumber}: a message from a party{(step!.Note is { } text ? ": " + Shorten(text) : "")}{(step.Attachments is { Count: > 0 } files ? $" ({files.Count} file(s))" : "")}"),
            CaseStepKind.OpinionGiven => (AlertKind.OpinionRecorded,
                $"Case {CaseNumber}: applicant {step!.Target} {(step.Agrees == true ? "agrees with" : "objects to")} closing{(step.Result is { } said ? ": " + Shorten(said) : "")}"),
            CaseStepKind.OpinionLapsed => (AlertKind.OpinionRecorded,
                $"Case {CaseNumber}: the opinion window ended on {State.Opinion!.DueDate:yyyy-MM-dd}; {State.Opinion.Answers.Count} of {State.Filing!.Applicants.Count} applicants answered"),
            _ => null,
        };
    }

    private Task AnnounceAsync(AlertKind kind, string title, DateTimeOffset now) =>
        PublishAlertOnceAsync(new Alert(kind, State.Filing!.CourtId, CaseNumber, State.JudgeId, title, now),
            $"{CaseNumber}/{kind}/{Version.ToString(CultureInfo.InvariantCulture)}");

    private static string Yuan(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture) + " yuan";

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
