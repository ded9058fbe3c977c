namespace Coordination.Grains.Entrustment;

/// <summary>What the other court is asked to do (委托执行).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustmentKind")]
public enum EntrustmentKind
{
    /// <summary>Inquire into the debtor's assets in its area.</summary>
    AssetInquiry,

    /// <summary>Seize or freeze assets in its area.</summary>
    Seizure,

    /// <summary>Serve documents on a party in its area.</summary>
    ServiceOfDocuments,

    /// <summary>Investigate on site.</summary>
    OnSiteInvestigation,
}

/// <summary>Which message between courts.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustmentMessageType")]
public enum EntrustmentMessageType
{
    /// <summary>The entrusting court asks (carries the work).</summary>
    Request,

    /// <summary>The entrusted court takes the work on.</summary>
    Accepted,

    /// <summary>The entrusted court declines it (with the reason).</summary>
    Refused,

    /// <summary>The entrusted court reports progress or status.</summary>
    Progress,

    /// <summary>The entrusted court reports the result.</summary>
    Completed,
}

/// <summary>A document sent with a message: its name, SHA-256 (hex) and size; the content stays in the court's document system.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentDocument")]
public sealed record EntrustmentDocument([Id(0)] string Name, [Id(1)] string Sha256, [Id(2)] long Size);

/// <summary>One message between two courts' deployments; <see cref="MessageId"/> is its idempotency key.</summary>
/// <param name="MessageId">Unique per message; a repeat gets the first answer.</param>
/// <param name="Type">What it says.</param>
/// <param name="EntrustmentId">The entrustment it is about (made by the entrusting court).</param>
/// <param name="FromCourt">The sending court.</param>
/// <param name="ToCourt">The receiving court.</param>
/// <param name="SentAt">When the sender made it.</param>
/// <param name="CaseNumber">The entrusting court's case (requests).</param>
/// <param name="Kind">The work asked for (requests).</param>
/// <param name="Text">The request's description, the progress report, the refusal reason or the result.</param>
/// <param name="Documents">Documents that go with it.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentMessage")]
public sealed record EntrustmentMessage(
    [Id(0)] string MessageId, [Id(1)] EntrustmentMessageType Type, [Id(2)] string EntrustmentId, [Id(3)] string FromCourt, [Id(4)] string ToCourt, [Id(5)] DateTimeOffset SentAt,
    [Id(6)] string? CaseNumber = null, [Id(7)] EntrustmentKind? Kind = null, [Id(8)] string? Text = null, [Id(9)] IReadOnlyList<EntrustmentDocument>? Documents = null);

/// <summary>The receiving deployment's answer to a message (the same for every repeat).</summary>
/// <param name="MessageId">The message answered.</param>
/// <param name="Outcome">What it did: <c>received</c>, <c>recorded</c> or <c>ignored</c> (and why).</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.PeerReceipt")]
public sealed record PeerReceipt([Id(0)] string MessageId, [Id(1)] string Outcome);

/// <summary>A message could not be delivered; <see cref="Permanent"/> when retrying cannot help (the peer refused its content).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.PeerDeliveryException")]
public sealed class PeerDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Retrying cannot help.</summary>
    [Id(0)]
    public bool Permanent { get; } = permanent;
}

/// <summary>Sends signed messages to a peer's gateway (implemented by the gateway; HTTP with HMAC-SHA256).</summary>
public interface IPeerTransport
{
    /// <summary>Delivers <paramref name="body"/> (a serialized <see cref="EntrustmentMessage"/>); completes when the peer acknowledged it.</summary>
    /// <exception cref="PeerDeliveryException">Not delivered.</exception>
    Task SendAsync(string peerId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);
}
