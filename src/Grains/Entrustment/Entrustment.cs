using Coordination.Grains.Texts;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Entrustment;

/// <summary>Where an entrustment stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustmentStatus")]
public enum EntrustmentStatus
{
    /// <summary>Stored and waiting to reach the other court.</summary>
    Requested,

    /// <summary>The other court has it.</summary>
    Delivered,

    /// <summary>The other court took it on.</summary>
    Accepted,

    /// <summary>The other court declined it.</summary>
    Refused,

    /// <summary>The other court reported the result.</summary>
    Completed,
}

/// <summary>One step of an entrustment as either court saw it.</summary>
/// <param name="At">When.</param>
/// <param name="Type">What happened (a request is "delivered" once the other court has it).</param>
/// <param name="Text">What was said.</param>
/// <param name="Documents">What came with it.</param>
/// <param name="MessageId">The message it came in or went out with.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentEvent")]
public sealed record EntrustmentEvent([Id(0)] DateTimeOffset At, [Id(1)] string Type, [Id(2)] string? Text, [Id(3)] IReadOnlyList<EntrustmentDocument> Documents, [Id(4)] string MessageId);

/// <summary>An entrustment, from either side.</summary>
/// <param name="Id">Entrustment id (made by the entrusting court).</param>
/// <param name="CaseNumber">The entrusting court's case.</param>
/// <param name="FromCourt">The entrusting court.</param>
/// <param name="ToCourt">The entrusted court.</param>
/// <param name="Kind">The work.</param>
/// <param name="Description">What is asked.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="RequestedAt">When the entrusting court made it.</param>
/// <param name="History">Every step, in order.</param>
/// <param name="Deadlines">The open limits on this side.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentView")]
public sealed record EntrustmentView(
    [Id(0)] string Id, [Id(1)] string CaseNumber, [Id(2)] string FromCourt, [Id(3)] string ToCourt, [Id(4)] EntrustmentKind Kind, [Id(5)] string Description, [Id(6)] EntrustmentStatus Status,
    [Id(7)] DateTimeOffset RequestedAt, [Id(8)] IReadOnlyList<EntrustmentEvent> History, [Id(9)] IReadOnlyList<Deadline> Deadlines);

/// <summary>What a judge asks another court to do.</summary>
/// <param name="ToCourt">The court asked (served by a configured peer).</param>
/// <param name="Kind">The work.</param>
/// <param name="Description">What exactly.</param>
/// <param name="Documents">Documents that go with it.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentOrder")]
public sealed record EntrustmentOrder([Id(0)] string ToCourt, [Id(1)] EntrustmentKind Kind, [Id(2)] string Description, [Id(3)] IReadOnlyList<EntrustmentDocument>? Documents);

/// <summary>The entrusted court's report: progress, refusal reason or result, with documents.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Entrustment.EntrustmentReport")]
public sealed record EntrustmentReport([Id(0)] string Text, [Id(1)] IReadOnlyList<EntrustmentDocument>? Documents);

/// <summary>No entrustment has the id on this side.</summary>
public sealed class EntrustmentNotFoundException(string id) : KeyNotFoundException($"No entrustment {id}.");

/// <summary>An action that makes no sense for the entrustment as it stands; <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.EntrustmentRefusedException")]
public sealed class EntrustmentRefusedException(ProblemText reason) : InvalidOperationException(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}
