using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Entrustment;

/// <summary>Where an entrustment stands.</summary>
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
public sealed record EntrustmentEvent(DateTimeOffset At, string Type, string? Text, IReadOnlyList<EntrustmentDocument> Documents, string MessageId);

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
public sealed record EntrustmentView(
    string Id, string CaseNumber, string FromCourt, string ToCourt, EntrustmentKind Kind, string Description, EntrustmentStatus Status,
    DateTimeOffset RequestedAt, IReadOnlyList<EntrustmentEvent> History, IReadOnlyList<Deadline> Deadlines);

/// <summary>What a judge asks another court to do.</summary>
/// <param name="ToCourt">The court asked (served by a configured peer).</param>
/// <param name="Kind">The work.</param>
/// <param name="Description">What exactly.</param>
/// <param name="Documents">Documents that go with it.</param>
public sealed record EntrustmentOrder(string ToCourt, EntrustmentKind Kind, string Description, IReadOnlyList<EntrustmentDocument>? Documents);

/// <summary>The entrusted court's report: progress, refusal reason or result, with documents.</summary>
public sealed record EntrustmentReport(string Text, IReadOnlyList<EntrustmentDocument>? Documents);

/// <summary>No entrustment has the id on this side.</summary>
public sealed class EntrustmentNotFoundException(string id) : KeyNotFoundException($"No entrustment {id}.");

/// <summary>An action that makes no sense for the entrustment as it stands; the message says why.</summary>
public sealed class EntrustmentRefusedException(string message) : InvalidOperationException(message);
