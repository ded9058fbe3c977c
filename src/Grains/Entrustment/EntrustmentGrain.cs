using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Streams;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Entrustment;

/// <summary>
/// The entrusting court's side of an entrustment (keyed by entrustment id). Every step lands in the case record, once:
/// steps carry idempotency keys made from the entrustment and the message, so a repeated delivery records nothing new.
/// </summary>
[Alias("Coordination.Grains.Entrustment.IEntrustmentGrain")]
public interface IEntrustmentGrain : IGrainWithStringKey
{
    /// <summary>Entrusts work of <paramref name="caseNumber"/> to another court; repeating the same order re-sends it.</summary>
    [Alias("Create")]
    Task<EntrustmentView> Create(string caseNumber, EntrustmentOrder order, string actor);

    /// <summary>
    /// The other court acknowledged the request (called by the outbox). One-way: the outbox calls it from its send turn
    /// while this grain may be waiting on the outbox (a new message), so a two-way call could wait on itself.
    /// </summary>
    [Alias("OnDelivered")]
    [OneWay]
    Task OnDelivered(string messageId);

    /// <summary>A message from the entrusted court.</summary>
    [Alias("Receive")]
    Task<PeerReceipt> Receive(EntrustmentMessage message);

    /// <summary>The entrustment, or null.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<EntrustmentView?> Get();
}

/// <summary>The entrusting side's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustmentState")]
public sealed class EntrustmentState
{
    /// <summary>The entrustment; null until created.</summary>
    [Id(0)]
    public EntrustmentView? View { get; set; }

    /// <summary>Messages already recorded.</summary>
    [Id(1)]
    public List<string> Processed { get; set; } = [];
}

/// <inheritdoc cref="IEntrustmentGrain" />
[GrainType("entrustment")]
public sealed class EntrustmentGrain([PersistentState("entrustment")] IPersistentState<EntrustmentState> state, PeerDirectory peers) : CoordinationGrain, IEntrustmentGrain
{
    private string Id => GetPrimaryKeyString();

    private EntrustmentState State => state.State;

    public async Task<EntrustmentView> Create(string caseNumber, EntrustmentOrder order, string actor)
    {
        EntrustmentRules.Validate(order);
        var peer = peers.ForCourt(order.ToCourt) ?? throw new EntrustmentRefusedException(ProblemText.Of("entrust.noPeer", ("court", order.ToCourt)));
        if (State.View is { } existing)
        {
            if ((existing.CaseNumber, existing.ToCourt, existing.Kind, existing.Description) != (caseNumber, order.ToCourt, order.Kind, order.Description))
            {
                throw new EntrustmentRefusedException(ProblemText.Of("entrust.exists", ("id", Id)));
            }
        }
        else
        {
            var theCase = await GrainFactory.GetGrain<ICaseGrain>(caseNumber).Get();
            await GrainFactory.GetGrain<ICaseGrain>(caseNumber).RecordStep(
                new CaseStep(CaseStepKind.EntrustmentRequested, Note: $"{order.Kind} → {order.ToCourt}: {order.Description}", Target: Id, IdempotencyKey: $"entrust/{Id}/requested"), actor);
            var now = TimeProvider.GetUtcNow();
            State.View = new EntrustmentView(Id, caseNumber, theCase.CourtId, order.ToCourt, order.Kind, order.Description, EntrustmentStatus.Requested, now,
                [new EntrustmentEvent(now, "requested", order.Description, order.Documents ?? [], RequestId)], []);
            await SaveAsync();
        }

        var view = State.View!;
        await GrainFactory.GetGrain<IPeerOutboxGrain>(peer.Id).Enqueue(new EntrustmentMessage(
            RequestId, EntrustmentMessageType.Request, Id, view.FromCourt, view.ToCourt, view.RequestedAt, view.CaseNumber, view.Kind, view.Description, view.History[0].Documents));
        return view;
    }

    public async Task OnDelivered(string messageId)
    {
        if (State.View is { Status: EntrustmentStatus.Requested })
        {
            await MarkDeliveredAsync();
        }
    }

    public async Task<PeerReceipt> Receive(EntrustmentMessage message)
    {
        var view = State.View ?? throw new EntrustmentNotFoundException(Id);
        if ((message.FromCourt, message.ToCourt) != (view.ToCourt, view.FromCourt) || message.Type == EntrustmentMessageType.Request)
        {
            throw new EntrustmentRefusedException(ProblemText.Of("entrust.notThisEntrustment", ("id", Id), ("fromCourt", view.FromCourt), ("toCourt", view.ToCourt),
                ("entrustMessage", message.Type), ("sender", message.FromCourt)));
        }

        if (State.Processed.Contains(message.MessageId))
        {
            return new PeerReceipt(message.MessageId, "recorded");
        }

        if (view.Status == EntrustmentStatus.Requested)
        {
            await MarkDeliveredAsync();
        }

        (CaseStepKind Kind, string? Note, string? Result) step = message.Type switch
        {
            EntrustmentMessageType.Accepted => (CaseStepKind.EntrustmentAccepted, message.Text, null),
            EntrustmentMessageType.Refused => (CaseStepKind.EntrustmentRefused, null, message.Text ?? "(no reason given)"),
            EntrustmentMessageType.Progress => (CaseStepKind.EntrustmentProgress, message.Text ?? "", null),
            _ => (CaseStepKind.EntrustmentCompleted, null, message.Text ?? "(no result given)"),
        };
        var outcome = "recorded";
        try
        {
            await GrainFactory.GetGrain<ICaseGrain>(view.CaseNumber).RecordStep(
                new CaseStep(step.Kind, Note: step.Note, Result: step.Result, Target: Id, IdempotencyKey: $"entrust/{Id}/{message.MessageId}"), $"court:{message.FromCourt}");
        }
        catch (CaseStepRefusedException refused)
        {
            outcome = $"kept with the entrustment, not in the case record: {refused.Message}";
        }

        State.View = State.View! with
        {
            Status = message.Type switch
            {
                EntrustmentMessageType.Accepted => EntrustmentStatus.Accepted,
                EntrustmentMessageType.Refused => EntrustmentStatus.Refused,
                EntrustmentMessageType.Completed => EntrustmentStatus.Completed,
                _ => State.View.Status,
            },
            History = [.. State.View.History, new EntrustmentEvent(message.SentAt, message.Type.ToString().ToLowerInvariant(), message.Text, message.Documents ?? [], message.MessageId)],
        };
        State.Processed.Add(message.MessageId);
        await SaveAsync();
        await TellAsync(AlertText.Of(AlertWordings.EntrustmentAnswered, ("id", Id), ("court", message.FromCourt), ("type", message.Type), ("text", message.Text)), message.MessageId);
        return new PeerReceipt(message.MessageId, outcome);
    }

    public Task<EntrustmentView?> Get() => Task.FromResult(State.View);

    private string RequestId => $"{Id}/request";

    private async Task MarkDeliveredAsync()
    {
        var view = State.View!;
        await GrainFactory.GetGrain<ICaseGrain>(view.CaseNumber).RecordStep(
            new CaseStep(CaseStepKind.EntrustmentDelivered, Target: Id, IdempotencyKey: $"entrust/{Id}/delivered"), $"court:{view.ToCourt}");
        State.View = view with
        {
            Status = EntrustmentStatus.Delivered,
            History = [.. view.History, new EntrustmentEvent(TimeProvider.GetUtcNow(), "delivered", null, [], RequestId)],
        };
        await SaveAsync();
    }

    private async Task SaveAsync()
    {
        await state.WriteStateAsync();
        var view = State.View!;
        await GrainFactory.GetGrain<ICourtEntrustmentsGrain>(view.FromCourt).Update(EntrustmentSummary.Of(view, view.FromCourt, TimeProvider.GetUtcNow()));
    }

    /// <summary>Tells the case's judge and court about a reply.</summary>
    private async Task TellAsync(AlertText text, string messageId)
    {
        var view = State.View!;
        var judge = (await GrainFactory.GetGrain<ICaseGrain>(view.CaseNumber).Get()).JudgeId;
        var alert = Alert.Worded(AlertKind.EntrustmentUpdated, view.FromCourt, view.CaseNumber, judge, text, TimeProvider.GetUtcNow()) with { EntrustmentId = Id };
        await PublishAlertOnceAsync(alert, $"entrustment/{messageId}");
    }
}
