using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Entrustment;

/// <summary>
/// The entrusted court's side of an entrustment (keyed by entrustment id). On arrival the 30-day limit opens and, after
/// it, the 15 days within which a status report is due if the work is not finished; each limit's warning tiers go to
/// the court's and the command centre's streams. Every answer goes back through the peer's outbox.
/// </summary>
[Alias("Coordination.Grains.Entrustment.IEntrustedWorkGrain")]
public interface IEntrustedWorkGrain : IGrainWithStringKey
{
    /// <summary>A request from <paramref name="peerId"/> (idempotent per message).</summary>
    [Alias("Receive")]
    Task<PeerReceipt> Receive(EntrustmentMessage request, string peerId);

    /// <summary>Takes the work on.</summary>
    [Alias("Accept")]
    Task<EntrustmentView> Accept(string actor);

    /// <summary>Declines it, with the reason.</summary>
    [Alias("Refuse")]
    Task<EntrustmentView> Refuse(EntrustmentReport reason, string actor);

    /// <summary>Reports progress or status (after the 30 days this meets the status-report limit).</summary>
    [Alias("ReportProgress")]
    Task<EntrustmentView> ReportProgress(EntrustmentReport report, string actor);

    /// <summary>Reports the result; meets every limit.</summary>
    [Alias("Complete")]
    Task<EntrustmentView> Complete(EntrustmentReport result, string actor);

    /// <summary>The entrustment, or null.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<EntrustmentView?> Get();
}

/// <summary>The entrusted side's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustedWorkState")]
public sealed class EntrustedWorkState
{
    /// <summary>The entrustment; null until a request arrived.</summary>
    [Id(0)]
    public EntrustmentView? View { get; set; }

    /// <summary>The peer that sent it.</summary>
    [Id(1)]
    public string? PeerId { get; set; }

    /// <summary>Answers sent so far (numbers the message ids).</summary>
    [Id(2)]
    public int Sent { get; set; }

    /// <summary>Warning tiers already sent, as "deadline id/tier".</summary>
    [Id(3)]
    public List<string> Warned { get; set; } = [];
}

/// <inheritdoc cref="IEntrustedWorkGrain" />
[GrainType("entrusted-work")]
public sealed class EntrustedWorkGrain([PersistentState("entrusted-work")] IPersistentState<EntrustedWorkState> state, CourtDirectory courts) : CoordinationGrain, IEntrustedWorkGrain, IRemindable
{
    private const string DeadlineReminder = "deadlines";

    private string Id => GetPrimaryKeyString();

    private EntrustedWorkState State => state.State;

    public async Task<PeerReceipt> Receive(EntrustmentMessage request, string peerId)
    {
        if (State.View is not null)
        {
            return new PeerReceipt(request.MessageId, "received");
        }

        var now = TimeProvider.GetUtcNow();
        var calendar = courts.CalendarOf(request.ToCourt);
        var finish = calendar.Open(FinishId, DeadlineRuleIds.EntrustedFinish, now);
        var statusReport = calendar.Open(StatusReportId, DeadlineRuleIds.EntrustedStatusReport, calendar.StartOf(finish.DueDate.AddDays(1)));
        State.View = new EntrustmentView(Id, request.CaseNumber!, request.FromCourt, request.ToCourt, request.Kind!.Value, request.Text!, EntrustmentStatus.Delivered,
            request.SentAt, [new EntrustmentEvent(now, "received", request.Text, request.Documents ?? [], request.MessageId)], [finish, statusReport]);
        State.PeerId = peerId;
        await SaveAsync();
        await ArmAsync();
        await TellAsync(AlertText.Of(AlertWordings.EntrustmentReceived, ("court", request.FromCourt), ("kind", request.Kind), ("caseNumber", request.CaseNumber), ("text", request.Text)), "received");
        return new PeerReceipt(request.MessageId, "received");
    }

    public Task<EntrustmentView> Accept(string actor) =>
        AnswerAsync(EntrustmentMessageType.Accepted, new EntrustmentReport("Accepted", []), actor, EntrustmentStatus.Delivered);

    public Task<EntrustmentView> Refuse(EntrustmentReport reason, string actor) =>
        AnswerAsync(EntrustmentMessageType.Refused, reason, actor, EntrustmentStatus.Delivered);

    public Task<EntrustmentView> ReportProgress(EntrustmentReport report, string actor) =>
        AnswerAsync(EntrustmentMessageType.Progress, report, actor, EntrustmentStatus.Accepted);

    public Task<EntrustmentView> Complete(EntrustmentReport result, string actor) =>
        AnswerAsync(EntrustmentMessageType.Completed, result, actor, EntrustmentStatus.Accepted);

    public Task<EntrustmentView?> Get() => Task.FromResult(State.View);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var view = State.View;
        if (view is null)
        {
            return;
        }

        var now = TimeProvider.GetUtcNow();
        foreach (var deadline in view.Deadlines)
        {
            if (deadline.TierAt(now) is { } tier && !State.Warned.Contains($"{deadline.Id}/{tier}"))
            {
                var text = AlertText.Of(AlertWordings.EntrustedDeadline, ("id", Id), ("court", view.FromCourt), ("title", deadline.Title), ("tier", tier));
                var alert = Alert.Worded(AlertKind.Deadline, view.ToCourt, view.CaseNumber, null, text, now) with
                {
                    DeadlineId = deadline.Id, DueDate = deadline.DueDate, Tier = tier, EntrustmentId = Id, RuleId = deadline.RuleId,
                };
                await PublishAlertOnceAsync(alert, $"entrusted/{Id}/{deadline.Id}/{tier}");
                State.Warned.Add($"{deadline.Id}/{tier}");
                await state.WriteStateAsync();
            }
        }

        await ArmAsync();
    }

    private string FinishId => $"entrusted-finish:{Id}";

    private string StatusReportId => $"entrusted-status:{Id}";

    private async Task<EntrustmentView> AnswerAsync(EntrustmentMessageType type, EntrustmentReport report, string actor, EntrustmentStatus required)
    {
        EntrustmentRules.Validate(report);
        var view = State.View ?? throw new EntrustmentNotFoundException(Id);
        if (view.Status != required)
        {
            throw new EntrustmentRefusedException(ProblemText.Of("entrust.cannotAnswer", ("id", Id), ("entrustStatus", view.Status.ToString().ToLowerInvariant()),
                ("entrustAnswer", type.ToString().ToLowerInvariant())));
        }

        var now = TimeProvider.GetUtcNow();
        var messageId = $"{Id}/reply/{State.Sent + 1}";
        var finish = view.Deadlines.FirstOrDefault(d => d.Id == FinishId);
        string[] met = type switch
        {
            EntrustmentMessageType.Progress when finish is not null && now >= courts.CalendarOf(view.ToCourt).StartOf(finish.DueDate.AddDays(1)) => [StatusReportId],
            EntrustmentMessageType.Refused or EntrustmentMessageType.Completed => [FinishId, StatusReportId],
            _ => [],
        };
        State.View = view with
        {
            Status = type switch
            {
                EntrustmentMessageType.Accepted => EntrustmentStatus.Accepted,
                EntrustmentMessageType.Refused => EntrustmentStatus.Refused,
                EntrustmentMessageType.Completed => EntrustmentStatus.Completed,
                _ => view.Status,
            },
            History = [.. view.History, new EntrustmentEvent(now, type.ToString().ToLowerInvariant(), report.Text, report.Documents ?? [], messageId)],
            Deadlines = [.. view.Deadlines.Where(d => !met.Contains(d.Id))],
        };
        State.Sent++;
        await SaveAsync();
        await GrainFactory.GetGrain<IPeerOutboxGrain>(State.PeerId!).Enqueue(
            new EntrustmentMessage(messageId, type, Id, view.ToCourt, view.FromCourt, now, view.CaseNumber, view.Kind, report.Text, report.Documents ?? []));
        await ArmAsync();
        return State.View;
    }

    /// <summary>Sets the reminder to the next warning tier of an open limit, or removes it.</summary>
    private async Task ArmAsync()
    {
        var now = TimeProvider.GetUtcNow();
        var next = State.View!.Deadlines.Select(d => d.NextTierAt(now)).Where(t => t is not null).Min();
        if (next is { } at)
        {
            await RegisterOrUpdateReminder(DeadlineReminder, at);
        }
        else
        {
            await UnregisterReminder(DeadlineReminder);
        }
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        var view = State.View!;
        await GrainFactory.GetGrain<ICourtEntrustmentsGrain>(view.ToCourt).Update(EntrustmentSummary.Of(view, view.ToCourt, TimeProvider.GetUtcNow()));
    }

    private Task TellAsync(AlertText text, string key)
    {
        var view = State.View!;
        var alert = Alert.Worded(AlertKind.EntrustmentUpdated, view.ToCourt, view.CaseNumber, null, text, TimeProvider.GetUtcNow()) with { EntrustmentId = Id };
        return PublishAlertOnceAsync(alert, $"entrusted/{Id}/{key}");
    }
}
