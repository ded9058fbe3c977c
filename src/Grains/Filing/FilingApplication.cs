using Coordination.Grains.Cases;

namespace Coordination.Grains.Filing;

/// <summary>Where an online filing application stands.</summary>
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
public sealed record FilingApplication(
    string CourtId, CaseKind Kind, IReadOnlyList<Party> Applicants, IReadOnlyList<Party> Debtors, decimal AmountClaimed, string BasisDocument, IReadOnlyList<Attachment> Documents);

/// <summary>The clerk's decision.</summary>
/// <param name="Decision">Accept, request correction or refuse.</param>
/// <param name="CaseNumber">The case number, to accept.</param>
/// <param name="Reason">Why, to refuse; optional with a correction.</param>
/// <param name="Missing">What is missing or wrong, to request correction.</param>
public sealed record FilingDecision(FilingDecisionKind Decision, string? CaseNumber = null, string? Reason = null, IReadOnlyList<string>? Missing = null);

/// <summary>One state an application went through.</summary>
/// <param name="At">When.</param>
/// <param name="Status">The state it entered.</param>
/// <param name="Actor">The applicant's mobile, or the clerk's user id.</param>
/// <param name="Reason">The clerk's reason, if any.</param>
/// <param name="Missing">What the clerk asked to be corrected.</param>
/// <param name="CaseNumber">The case opened, on acceptance.</param>
public sealed record ApplicationStep(DateTimeOffset At, ApplicationStatus Status, string Actor, string? Reason = null, IReadOnlyList<string>? Missing = null, string? CaseNumber = null);

/// <summary>An application and its history, as the applicant and the clerk see it.</summary>
/// <param name="Id">The application number.</param>
/// <param name="Mobile">The mobile of whoever submitted it.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Application">The latest version submitted.</param>
/// <param name="DecideBy">The last day for the clerk's decision on the latest submission.</param>
/// <param name="CaseNumber">The case opened from it.</param>
/// <param name="History">Every state, oldest first.</param>
public sealed record ApplicationView(string Id, string Mobile, ApplicationStatus Status, FilingApplication Application, DateOnly DecideBy, string? CaseNumber, IReadOnlyList<ApplicationStep> History);

/// <summary>An application in the court's queue.</summary>
public sealed record ApplicationSummary(string Id, string CourtId, ApplicationStatus Status, string Parties, DateTimeOffset UpdatedAt, DateOnly DecideBy, string? CaseNumber, int Version);

/// <summary>No application has that number.</summary>
public sealed class FilingNotFoundException(string id) : Exception($"No filing application '{id}'.");

/// <summary>The action makes no sense for the application now (e.g. resubmitting one that was not sent back).</summary>
public sealed class FilingRefusedException(string message) : Exception(message);
