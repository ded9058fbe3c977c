using Coordination.Grains.Texts;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Filing;

/// <summary>Where an online filing application stands.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.ApplicationStatus")]
public enum ApplicationStatus
{
    /// <summary>Submitted (or resubmitted after correction); waits for the clerk.</summary>
    Submitted,

    /// <summary>The clerk asked for correction (补正), naming what is missing; waits for the applicant.</summary>
    CorrectionRequested,

    /// <summary>The case was opened (立案); see the case number.</summary>
    Accepted,

    /// <summary>Refused with a reason (不予立案). Final.</summary>
    Refused,
}

/// <summary>What the clerk decides.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.FilingDecisionKind")]
public enum FilingDecisionKind
{
    /// <summary>Open the case under the given case number.</summary>
    Accept,

    /// <summary>Ask the applicant to correct the application, naming what is missing.</summary>
    RequestCorrection,

    /// <summary>Refuse the application with a reason.</summary>
    Refuse,
}

/// <summary>An enforcement application filed online (网上立案).</summary>
/// <param name="CourtId">The court applied to.</param>
/// <param name="Kind">Litigation or non-litigation title.</param>
/// <param name="Applicants">The creditors; the mobile the applicant signed in with must be one of theirs or their lawyer's.</param>
/// <param name="Debtors">The debtors.</param>
/// <param name="AmountClaimed">Yuan.</param>
/// <param name="BasisDocument">The enforcement title, e.g. the judgment's number.</param>
/// <param name="Documents">The application, the title and identity papers, uploaded first.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Filing.FilingApplication")]
public sealed record FilingApplication(
    [Id(0)] string CourtId, [Id(1)] CaseKind Kind, [Id(2)] IReadOnlyList<Party> Applicants, [Id(3)] IReadOnlyList<Party> Debtors, [Id(4)] decimal AmountClaimed, [Id(5)] string BasisDocument, [Id(6)] IReadOnlyList<Attachment> Documents);

/// <summary>The clerk's decision.</summary>
/// <param name="Decision">Accept, request correction or refuse.</param>
/// <param name="CaseNumber">The case number, to accept.</param>
/// <param name="Reason">Why, to refuse; optional with a correction.</param>
/// <param name="Missing">What is missing or wrong, to request correction.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Filing.FilingDecision")]
public sealed record FilingDecision([Id(0)] FilingDecisionKind Decision, [Id(1)] string? CaseNumber = null, [Id(2)] string? Reason = null, [Id(3)] IReadOnlyList<string>? Missing = null);

/// <summary>One state an application went through.</summary>
/// <param name="At">When.</param>
/// <param name="Status">The state it entered.</param>
/// <param name="Actor">The applicant's mobile, or the clerk's user id.</param>
/// <param name="Reason">The clerk's reason, if any.</param>
/// <param name="Missing">What the clerk asked to be corrected.</param>
/// <param name="CaseNumber">The case opened, on acceptance.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Filing.ApplicationStep")]
public sealed record ApplicationStep([Id(0)] DateTimeOffset At, [Id(1)] ApplicationStatus Status, [Id(2)] string Actor, [Id(3)] string? Reason = null, [Id(4)] IReadOnlyList<string>? Missing = null, [Id(5)] string? CaseNumber = null);

/// <summary>An application and its history, as the applicant and the clerk see it.</summary>
/// <param name="Id">The application number.</param>
/// <param name="Mobile">The mobile of whoever submitted it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Application">The latest version submitted.</param>
/// <param name="DecideBy">The last day for the clerk's decision on the latest submission.</param>
/// <param name="CaseNumber">The case opened from it.</param>
/// <param name="History">Every state, oldest first.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Filing.ApplicationView")]
public sealed record ApplicationView([Id(0)] string Id, [Id(1)] string Mobile, [Id(2)] ApplicationStatus Status, [Id(3)] FilingApplication Application, [Id(4)] DateOnly DecideBy, [Id(5)] string? CaseNumber, [Id(6)] IReadOnlyList<ApplicationStep> History);

/// <summary>An application in the court's queue.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Filing.ApplicationSummary")]
public sealed record ApplicationSummary([Id(0)] string Id, [Id(1)] string CourtId, [Id(2)] ApplicationStatus Status, [Id(3)] string Parties, [Id(4)] DateTimeOffset UpdatedAt, [Id(5)] DateOnly DecideBy, [Id(6)] string? CaseNumber, [Id(7)] int Version);

/// <summary>No application has that number.</summary>
public sealed class FilingNotFoundException(string id) : Exception($"No filing application '{id}'.");

/// <summary>The action makes no sense for the application now (e.g. resubmitting one that was not sent back); <see cref="Reason"/> says why.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Filing.FilingRefusedException")]
public sealed class FilingRefusedException(ProblemText reason) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}
