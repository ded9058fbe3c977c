namespace Coordination.Grains.Deadlines;

/// <summary>The rules the case lifecycle opens and closes. A court's rule file must define each of them.</summary>
public static class DeadlineRuleIds
{
    /// <summary>Assign a judge after filing.</summary>
    public const string AssignJudge = "assign-judge";

    /// <summary>Send the enforcement notice after the judge receives the file.</summary>
    public const string EnforcementNotice = "enforcement-notice";

    /// <summary>Ask the applicant for property information after the judge receives the file.</summary>
    public const string PropertyReport = "property-report";

    /// <summary>Verify a property clue after it arrives.</summary>
    public const string VerifyClue = "verify-clue";

    /// <summary>Verify an urgent property clue.</summary>
    public const string VerifyUrgentClue = "verify-urgent-clue";

    /// <summary>Start an investigation the applicant asked for.</summary>
    public const string StartInvestigation = "start-investigation";

    /// <summary>Finish the asset investigation after the judge receives the file.</summary>
    public const string FinishInvestigation = "finish-investigation";

    /// <summary>Conclude a litigation case after filing.</summary>
    public const string ConcludeLitigation = "conclude-litigation";

    /// <summary>Conclude a non-litigation case after filing.</summary>
    public const string ConcludeNonLitigation = "conclude-non-litigation";

    /// <summary>Renew a bank deposit freeze before it expires.</summary>
    public const string RenewFreeze = "renew-freeze";

    /// <summary>Renew a seizure of movables before it expires.</summary>
    public const string RenewMovablesSeizure = "renew-seizure-movables";

    /// <summary>Renew a seizure of real estate or other property rights before it expires.</summary>
    public const string RenewPropertySeizure = "renew-seizure-property";

    /// <summary>Pay out case funds after they arrive.</summary>
    public const string PayOutFunds = "pay-out-funds";

    /// <summary>Entrusting court: hand the entrustment over to the other court, 1 month after filing.</summary>
    public const string EntrustHandOver = "entrust-hand-over";

    /// <summary>Entrusted court: finish the entrusted work, 30 days after receiving it.</summary>
    public const string EntrustedFinish = "entrusted-finish";

    /// <summary>Entrusted court: if not finished, report the status within 15 days after the limit.</summary>
    public const string EntrustedStatusReport = "entrusted-status-report";

    /// <summary>The applicants' window to give their opinion before the case closes; when it ends without an answer, that is recorded.</summary>
    public const string ApplicantOpinion = "applicant-opinion";

    /// <summary>Decide on an online filing application (open the case, refuse it or ask for correction) after it arrives.</summary>
    public const string DecideFiling = "decide-filing";

    /// <summary>Every id above, for validating rule files.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        AssignJudge, EnforcementNotice, PropertyReport, VerifyClue, VerifyUrgentClue, StartInvestigation, FinishInvestigation,
        ConcludeLitigation, ConcludeNonLitigation, RenewFreeze, RenewMovablesSeizure, RenewPropertySeizure, PayOutFunds,
        EntrustHandOver, EntrustedFinish, EntrustedStatusReport, ApplicantOpinion, DecideFiling,
    ];
}
