namespace Coordination.Grains.Cases;

/// <summary>Every step of an enforcement case, in roughly the order they happen.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CaseStepKind")]
public enum CaseStepKind
{
    /// <summary>The case was opened (立案).</summary>
    Filed,

    /// <summary>A judge received the file (承办人); needs <c>judgeId</c>.</summary>
    JudgeAssigned,

    /// <summary>The enforcement notice was sent to the debtor (执行通知书).</summary>
    NoticeSent,

    /// <summary>The applicant was asked for property information.</summary>
    PropertyReportRequested,

    /// <summary>The applicant supplied a property clue; <c>note</c> describes it, <c>urgent</c> shortens verification.</summary>
    ClueReceived,

    /// <summary>A clue was verified; needs <c>clueId</c> and <c>result</c>.</summary>
    ClueVerified,

    /// <summary>The applicant asked the court to investigate.</summary>
    InvestigationRequested,

    /// <summary>The asset investigation started.</summary>
    InvestigationStarted,

    /// <summary>The asset investigation finished; needs <c>result</c>.</summary>
    InvestigationFinished,

    /// <summary>A network inquiry (网络查控) was sent to banks, registries and platforms.</summary>
    NetworkInquirySent,

    /// <summary>Network inquiry results arrived; needs <c>result</c>.</summary>
    NetworkInquiryResult,

    /// <summary>A bank deposit was frozen; needs <c>target</c> and <c>amount</c>; <c>expiresOn</c> defaults to the rule's limit.</summary>
    Frozen,

    /// <summary>Property was seized; needs <c>target</c> and <c>seizure</c>.</summary>
    Seized,

    /// <summary>Money was deducted (扣划) into the case account; needs <c>target</c> and <c>amount</c>.</summary>
    Deducted,

    /// <summary>A freeze or seizure was renewed (续冻, 续封); needs <c>measureId</c>.</summary>
    Renewed,

    /// <summary>A freeze or seizure was released; needs <c>measureId</c>.</summary>
    Released,

    /// <summary>Seized property was valued; needs <c>result</c>.</summary>
    Valued,

    /// <summary>Seized property was auctioned; needs <c>result</c>.</summary>
    Auctioned,

    /// <summary>Money arrived in the case account; needs <c>amount</c>.</summary>
    FundsReceived,

    /// <summary>Money was paid out to the applicant; needs <c>amount</c> and <c>target</c> (the payee).</summary>
    FundsPaidOut,

    /// <summary>A credit measure was imposed; needs <c>credit</c>.</summary>
    CreditMeasureImposed,

    /// <summary>A credit measure was lifted; needs <c>measureId</c>.</summary>
    CreditMeasureLifted,

    /// <summary>A coercive measure was taken; needs <c>coercive</c>.</summary>
    CoerciveMeasureTaken,

    /// <summary>An extension of the conclusion limit was requested; needs <c>days</c>.</summary>
    ExtensionRequested,

    /// <summary>The requested extension was granted; needs <c>days</c>.</summary>
    ExtensionGranted,

    /// <summary>This round of enforcement was terminated (终本).</summary>
    Terminated,

    /// <summary>The case was closed (结案).</summary>
    Closed,

    /// <summary>A field team arrived at the operation's site (recorded by its devices); needs <c>field</c>.</summary>
    SiteArrived,

    /// <summary>A field team left the operation's site; needs <c>field</c>.</summary>
    SiteDeparted,

    /// <summary>A body camera's recording was filed as evidence (现场取证); needs <c>field</c> with <c>evidence</c>.</summary>
    EvidenceCaptured,

    /// <summary>Work is entrusted to another court (委托执行); needs <c>target</c> (the entrustment id) and <c>note</c>. Opens the hand-over limit (1 month after filing).</summary>
    EntrustmentRequested,

    /// <summary>The other court received the entrustment; needs <c>target</c>. Meets the hand-over limit.</summary>
    EntrustmentDelivered,

    /// <summary>The other court accepted the entrustment; needs <c>target</c>.</summary>
    EntrustmentAccepted,

    /// <summary>The other court refused the entrustment; needs <c>target</c> and <c>result</c> (the reason).</summary>
    EntrustmentRefused,

    /// <summary>The other court reported progress; needs <c>target</c> and <c>note</c>.</summary>
    EntrustmentProgress,

    /// <summary>The other court finished the entrusted work; needs <c>target</c> and <c>result</c>.</summary>
    EntrustmentCompleted,

    /// <summary>The judge asked a grid worker for assistance (协助执行); needs <c>target</c> (the request id) and <c>note</c>.</summary>
    AssistanceRequested,

    /// <summary>The grid worker answered; needs <c>target</c> and <c>result</c>.</summary>
    AssistanceAnswered,

    /// <summary>A message in the case's thread (一案一群); <c>note</c> and/or <c>attachments</c>. Posted through the thread, not as a step.</summary>
    MessagePosted,

    /// <summary>The judge asks the applicants for their opinion before closing; <c>note</c> says what closing is proposed. Opens the opinion window.</summary>
    OpinionRequested,

    /// <summary>An applicant gave their opinion; needs <c>target</c> (the applicant, e.g. <c>a0</c>), <c>agrees</c> and optionally <c>result</c> (what they said).</summary>
    OpinionGiven,

    /// <summary>The opinion window ended without every applicant's answer (recorded by the system).</summary>
    OpinionLapsed,
}

/// <summary>What was seized: it sets how long the seizure lasts.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.SeizureKind")]
public enum SeizureKind
{
    /// <summary>Movables: 2 years.</summary>
    Movables,

    /// <summary>Real estate or other property rights: 3 years.</summary>
    Property,
}

/// <summary>Credit measures against a debtor.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CreditMeasure")]
public enum CreditMeasure
{
    /// <summary>失信被执行人名单.</summary>
    DishonestDebtorList,

    /// <summary>限制高消费.</summary>
    ConsumptionRestriction,

    /// <summary>限制出境.</summary>
    ExitRestriction,

    /// <summary>曝光.</summary>
    PublicExposure,
}

/// <summary>Coercive measures.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Cases.CoerciveMeasure")]
public enum CoerciveMeasure
{
    /// <summary>拘传.</summary>
    Summons,

    /// <summary>罚款.</summary>
    Fine,

    /// <summary>拘留.</summary>
    Detention,

    /// <summary>Referral for the crime of refusing to enforce (拒执罪).</summary>
    CriminalReferral,
}
