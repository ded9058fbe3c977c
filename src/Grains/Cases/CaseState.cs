using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>Where a case stands.</summary>
public enum CaseStatus
{
    /// <summary>Nothing filed under this number.</summary>
    None,

    /// <summary>Filed, no judge yet.</summary>
    Filed,

    /// <summary>A judge is working on it.</summary>
    InProgress,

    /// <summary>This round of enforcement was terminated (终本).</summary>
    Terminated,

    /// <summary>Closed (结案).</summary>
    Closed,
}

/// <summary>A freeze, seizure, deduction or credit measure on a case.</summary>
public sealed record Measure
{
    /// <summary>The step that imposed it.</summary>
    public CaseStepKind Kind { get; init; }

    /// <summary>Account, property or list it concerns.</summary>
    public string? Target { get; init; }

    /// <summary>Yuan, where it has an amount.</summary>
    public decimal? Amount { get; init; }

    /// <summary>What was seized.</summary>
    public SeizureKind? Seizure { get; init; }

    /// <summary>Which credit measure.</summary>
    public CreditMeasure? Credit { get; init; }

    /// <summary>When it was imposed.</summary>
    public DateTimeOffset ImposedAt { get; init; }

    /// <summary>When it lapses (freezes and seizures).</summary>
    public DateOnly? ExpiresOn { get; init; }

    /// <summary>How often it was renewed.</summary>
    public int Renewals { get; init; }

    /// <summary>When it was released or lifted.</summary>
    public DateTimeOffset? EndedAt { get; init; }
}

/// <summary>A property clue from the applicant.</summary>
public sealed record Clue
{
    /// <summary>What the applicant reported.</summary>
    public string Description { get; init; } = "";

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When it was verified.</summary>
    public DateTimeOffset? VerifiedAt { get; init; }

    /// <summary>What verification found.</summary>
    public string? Result { get; init; }
}

/// <summary>Money that arrived in the case account and how much of it is still to be paid out.</summary>
public sealed record FundArrival
{
    /// <summary>Yuan received.</summary>
    public decimal Amount { get; init; }

    /// <summary>Yuan of it not yet paid out.</summary>
    public decimal Outstanding { get; init; }

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>A case as its record leaves it. Changed only by applying record entries.</summary>
public sealed class CaseState
{
    /// <summary>Where the case stands.</summary>
    public CaseStatus Status { get; set; }

    /// <summary>The filing.</summary>
    public CaseFiling? Filing { get; set; }

    /// <summary>The judge in charge.</summary>
    public string? JudgeId { get; set; }

    /// <summary>When it was filed.</summary>
    public DateTimeOffset FiledAt { get; set; }

    /// <summary>When a judge first received it.</summary>
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>When it was terminated or closed.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When the notice was sent.</summary>
    public DateTimeOffset? NoticeSentAt { get; set; }

    /// <summary>When the applicant was asked for property information.</summary>
    public DateTimeOffset? PropertyReportRequestedAt { get; set; }

    /// <summary>Investigation requested, started and finished.</summary>
    public DateTimeOffset? InvestigationRequestedAt { get; set; }

    /// <summary>When the investigation started.</summary>
    public DateTimeOffset? InvestigationStartedAt { get; set; }

    /// <summary>When the investigation finished.</summary>
    public DateTimeOffset? InvestigationFinishedAt { get; set; }

    /// <summary>Network inquiries sent and not yet answered.</summary>
    public int NetworkInquiriesPending { get; set; }

    /// <summary>Whether the property has been valued.</summary>
    public bool Valued { get; set; }

    /// <summary>Days of extension requested and not yet granted.</summary>
    public int? ExtensionRequestedDays { get; set; }

    /// <summary>Days of extension granted so far.</summary>
    public int ExtensionDaysGranted { get; set; }

    /// <summary>Measures by id (m1, m2, ...).</summary>
    public Dictionary<string, Measure> Measures { get; set; } = [];

    /// <summary>Clues by id (c1, c2, ...).</summary>
    public Dictionary<string, Clue> Clues { get; set; } = [];

    /// <summary>Money received, by arrival id (f1, f2, ...).</summary>
    public Dictionary<string, FundArrival> Funds { get; set; } = [];

    /// <summary>Yuan received in all.</summary>
    public decimal FundsReceived { get; set; }

    /// <summary>Yuan paid out in all.</summary>
    public decimal FundsPaidOut { get; set; }

    /// <summary>Open deadlines by id.</summary>
    public Dictionary<string, Deadline> Deadlines { get; set; } = [];

    /// <summary>The hash of the last record entry.</summary>
    public string LastHash { get; set; } = CaseRecordHash.Genesis;

    /// <summary>Yuan held in the case account.</summary>
    public decimal FundsHeld => FundsReceived - FundsPaidOut;
}
