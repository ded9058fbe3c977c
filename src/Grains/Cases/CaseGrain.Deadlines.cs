using System.Globalization;
using Coordination.Actors;
using Coordination.Actors.Streams;
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

    private IStreamProvider AlertStreamProvider => GetStreamProvider(StreamProviderNames.Durable);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var id = reminderName[ReminderPrefix.Length..];
        if (!State.Deadlines.TryGetValue(id, out var deadline))
        {
            await UnregisterReminder(reminderName); // met meanwhile
            return;
        }

        var now = TimeProvider.GetUtcNow();
        if (deadline.TierAt(now) is { } tier)
        {
            await PublishAsync(deadline, tier, now);
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

    private async Task PublishAsync(Deadline deadline, AlertTier tier, DateTimeOffset now)
    {
        var alert = new Alert(AlertKind.Deadline, State.Filing!.CourtId, CaseNumber, State.JudgeId,
            $"{deadline.Title}: {Describe(tier)} {deadline.DueDate:yyyy-MM-dd}", now, deadline.Id, deadline.DueDate, tier);
        await AlertStreams.PublishOnceAsync(AlertStreamProvider, alert, AlertKey(deadline, tier.ToString()));
    }

    private Task PublishWithdrawalAsync(Deadline deadline, DateTimeOffset now) =>
        AlertStreams.PublishOnceAsync(AlertStreamProvider,
            new Alert(AlertKind.DeadlineWithdrawn, State.Filing!.CourtId, CaseNumber, State.JudgeId, $"{deadline.Title}: done", now, deadline.Id, deadline.DueDate),
            AlertKey(deadline, "withdrawn"));

    private Task AnnounceAssignmentAsync(DateTimeOffset now) =>
        AlertStreams.PublishOnceAsync(AlertStreamProvider,
            new Alert(AlertKind.CaseAssigned, State.Filing!.CourtId, CaseNumber, State.JudgeId, $"Case {CaseNumber} assigned to {State.JudgeId}", now),
            $"{CaseNumber}/assigned/{Version.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Tells the judge (and the court) of money in or out, with the balance after it.</summary>
    private Task AnnounceFundsAsync(CaseStepKind kind, decimal amount, DateTimeOffset now)
    {
        var verb = kind == CaseStepKind.FundsReceived ? "received" : "paid out";
        var title = $"Case {CaseNumber}: {amount.ToString("N2", CultureInfo.InvariantCulture)} yuan {verb}; the account holds {State.FundsHeld.ToString("N2", CultureInfo.InvariantCulture)} yuan";
        return AlertStreams.PublishOnceAsync(AlertStreamProvider, new Alert(AlertKind.FundsMoved, State.Filing!.CourtId, CaseNumber, State.JudgeId, title, now),
            $"{CaseNumber}/funds/{Version.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Prompts the judge when a party sends a property clue.</summary>
    private Task AnnounceClueAsync(string note, DateTimeOffset now) =>
        AlertStreams.PublishOnceAsync(AlertStreamProvider, new Alert(AlertKind.ClueReceived, State.Filing!.CourtId, CaseNumber, State.JudgeId, $"Case {CaseNumber}: the applicant sent a property clue: {note}", now),
            $"{CaseNumber}/clue/{Version.ToString(CultureInfo.InvariantCulture)}");

    private string AlertKey(Deadline deadline, string what) =>
        $"{CaseNumber}/{deadline.Id}/{deadline.Generation.ToString(CultureInfo.InvariantCulture)}/{what}";

    private static string Describe(AlertTier tier) => tier switch
    {
        AlertTier.Upcoming => "due by",
        AlertTier.Due => "due today,",
        _ => "overdue since",
    };
}
