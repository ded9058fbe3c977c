using Coordination.Grains.Hosting;
using Coordination.Grains.Texts;
using Orleans.Runtime;

namespace Coordination.Grains.Entrustment;

/// <summary>
/// One message received from a peer (keyed "peer id/message id"): the first delivery is handed on and its answer kept;
/// a repeat with the same body gets that answer and does nothing; the same id with another body is refused.
/// </summary>
[Alias("Coordination.Grains.Entrustment.IPeerInboxGrain")]
public interface IPeerInboxGrain : IGrainWithStringKey
{
    /// <summary>Handles the message, or answers a repeat. <paramref name="bodySha256"/> identifies the exact body.</summary>
    /// <exception cref="IdempotencyConflictException">The id was used before with another body.</exception>
    [Alias("Receive")]
    Task<PeerReceipt> Receive(string peerId, string bodySha256, EntrustmentMessage message);
}

/// <summary>The same idempotency key came with a different body; <see cref="Reason"/> says so in the pages' texts.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.IdempotencyConflictException")]
public sealed class IdempotencyConflictException(string messageId) : InvalidOperationException(ReasonFor(messageId).English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = ReasonFor(messageId);

    private static ProblemText ReasonFor(string messageId) => ProblemText.Of("entrust.messageReused", ("messageId", messageId));
}

/// <summary>A received message's stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.PeerInboxState")]
public sealed class PeerInboxState
{
    /// <summary>SHA-256 of the first body (hex).</summary>
    [Id(0)]
    public string? BodySha256 { get; set; }

    /// <summary>The answer given.</summary>
    [Id(1)]
    public PeerReceipt? Receipt { get; set; }
}

/// <inheritdoc cref="IPeerInboxGrain" />
[GrainType("peer-inbox")]
public sealed class PeerInboxGrain([PersistentState("peer-inbox")] IPersistentState<PeerInboxState> state) : CoordinationGrain, IPeerInboxGrain
{
    public async Task<PeerReceipt> Receive(string peerId, string bodySha256, EntrustmentMessage message)
    {
        if (state.State.Receipt is { } first)
        {
            return state.State.BodySha256 == bodySha256 ? first : throw new IdempotencyConflictException(message.MessageId);
        }

        // Handed on before the receipt is stored: after a crash the repeat is handed on again, and the grains recognise the message id.
        var receipt = message.Type == EntrustmentMessageType.Request
            ? await GrainFactory.GetGrain<IEntrustedWorkGrain>(message.EntrustmentId).Receive(message, peerId)
            : await GrainFactory.GetGrain<IEntrustmentGrain>(message.EntrustmentId).Receive(message);
        state.State.BodySha256 = bodySha256;
        state.State.Receipt = receipt;
        await state.WriteStateAsync();
        return receipt;
    }
}
