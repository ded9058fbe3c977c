using System.Globalization;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Cases;

/// <summary>
/// Which steps make sense when, and what each does to the deadlines: a pure function of the case's state,
/// the step and the time, so the grain and offline tools decide alike.
/// </summary>
internal sealed class CaseDecider(CaseState state, string caseNumber, CourtCalendar calendar)
{
    private const string ConcludeDeadlineId = "conclude";

    /// <summary>The applicants' opinion window before closing.</summary>
    public const string OpinionDeadlineId = "opinion";

    /// <summary>What filing a case of <paramref name="kind"/> at <paramref name="now"/> opens.</summary>
    public static EntryPlan PlanFiling(CaseKind kind, CourtCalendar calendar, DateTimeOffset now)
    {
        var plan = new EntryPlan();
        plan.Open(calendar.Open(DeadlineRuleIds.AssignJudge, DeadlineRuleIds.AssignJudge, now));
        plan.Open(calendar.Open(ConcludeDeadlineId, kind == CaseKind.Litigation ? DeadlineRuleIds.ConcludeLitigation : DeadlineRuleIds.ConcludeNonLitigation, now));
        return plan;
    }

    public EntryPlan Decide(CaseStep step, DateTimeOffset now)
    {
        if (state.Status is CaseStatus.Closed or CaseStatus.Terminated)
        {
            Refuse(ProblemText.Of("case.ended", ("caseNumber", caseNumber), ("caseEnd", state.Status == CaseStatus.Closed ? "closed" : "terminated"), ("day", Day(state.EndedAt!.Value))));
        }

        if (state.JudgeId is null && step.Kind != CaseStepKind.JudgeAssigned)
        {
            Refuse(ProblemText.Of("case.noJudge", ("caseNumber", caseNumber), ("stepKind", step.Kind)));
        }

        var open = state.Deadlines;
        var plan = new EntryPlan();
        switch (step.Kind)
        {
            case CaseStepKind.JudgeAssigned:
                Refuse(step.JudgeId == state.JudgeId, ProblemText.Of("case.alreadyAssigned", ("caseNumber", caseNumber), ("judge", state.JudgeId)));
                if (state.AssignedAt is null)
                {
                    plan.Close(open, DeadlineRuleIds.AssignJudge);
                    plan.Open(calendar.Open(DeadlineRuleIds.EnforcementNotice, DeadlineRuleIds.EnforcementNotice, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.PropertyReport, DeadlineRuleIds.PropertyReport, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.FinishInvestigation, DeadlineRuleIds.FinishInvestigation, now));
                }

                break;
            case CaseStepKind.NoticeSent:
                Refuse(state.NoticeSentAt is not null, ProblemText.Of("case.noticeAlreadySent", ("day", Day(state.NoticeSentAt))));
                plan.Close(open, DeadlineRuleIds.EnforcementNotice);
                break;
            case CaseStepKind.PropertyReportRequested:
                Refuse(state.PropertyReportRequestedAt is not null, ProblemText.Of("case.propertyReportAlreadyRequested", ("day", Day(state.PropertyReportRequestedAt))));
                plan.Close(open, DeadlineRuleIds.PropertyReport);
                break;
            case CaseStepKind.ClueReceived:
                plan.SubjectId = NextSubjectId("c", state.Clues.Count);
                var urgent = step.Urgent == true;
                plan.Open(calendar.Open(ClueDeadlineId(plan.SubjectId), urgent ? DeadlineRuleIds.VerifyUrgentClue : DeadlineRuleIds.VerifyClue, now));
                break;
            case CaseStepKind.ClueVerified:
                var clue = state.Clues.GetValueOrDefault(step.ClueId!) ?? Refuse<Clue>(ProblemText.Of("case.noClue", ("caseNumber", caseNumber), ("clueId", step.ClueId), ("clues", Ids(state.Clues.Keys))));
                Refuse(clue.VerifiedAt is not null, ProblemText.Of("case.clueAlreadyVerified", ("clueId", step.ClueId), ("day", Day(clue.VerifiedAt))));
                plan.Close(open, ClueDeadlineId(step.ClueId!));
                break;
            case CaseStepKind.InvestigationRequested:
                Refuse(state.InvestigationStartedAt is not null, ProblemText.Of("case.investigationAlreadyStarted", ("day", Day(state.InvestigationStartedAt))));
                Refuse(state.InvestigationRequestedAt is not null, ProblemText.Of("case.investigationAlreadyRequested", ("day", Day(state.InvestigationRequestedAt))));
                plan.Open(calendar.Open(DeadlineRuleIds.StartInvestigation, DeadlineRuleIds.StartInvestigation, now));
                break;
            case CaseStepKind.InvestigationStarted:
                Refuse(state.InvestigationStartedAt is not null, ProblemText.Of("case.investigationAlreadyStarted", ("day", Day(state.InvestigationStartedAt))));
                plan.Close(open, DeadlineRuleIds.StartInvestigation);
                break;
            case CaseStepKind.InvestigationFinished:
                Refuse(state.InvestigationStartedAt is null, ProblemText.Of("case.investigationNotStarted"));
                Refuse(state.InvestigationFinishedAt is not null, ProblemText.Of("case.investigationAlreadyFinished", ("day", Day(state.InvestigationFinishedAt))));
                plan.Close(open, DeadlineRuleIds.FinishInvestigation);
                break;
            case CaseStepKind.NetworkInquiryResult:
                Refuse(state.NetworkInquiriesPending == 0, ProblemText.Of("case.noInquiryPending"));
                break;
            case CaseStepKind.Frozen or CaseStepKind.Seized:
                plan.SubjectId = NextSubjectId("m", state.Measures.Count);
                var rule = RenewalRule(step.Kind, step.Seizure);
                plan.ExpiresOn = step.ExpiresOn ?? calendar.ExpiryDate(rule, calendar.LocalDate(now));
                Refuse(plan.ExpiresOn <= calendar.LocalDate(now), ProblemText.Of("case.expiryNotInFuture", ("expiresOn", plan.ExpiresOn)));
                plan.Open(calendar.Renewal(RenewalDeadlineId(plan.SubjectId), rule, plan.ExpiresOn.Value));
                break;
            case CaseStepKind.Deducted or CaseStepKind.CreditMeasureImposed:
                plan.SubjectId = NextSubjectId("m", state.Measures.Count);
                break;
            case CaseStepKind.Renewed:
                var renewed = RenewableMeasure(step.MeasureId!);
                var today = calendar.LocalDate(now);
                Refuse(renewed.ExpiresOn < today, ProblemText.Of("case.measureLapsed", ("measureId", step.MeasureId), ("expiredOn", renewed.ExpiresOn)));
                var renewalRule = RenewalRule(renewed.Kind, renewed.Seizure);
                plan.SubjectId = step.MeasureId;
                // A renewal's period runs on from the current expiry.
                plan.ExpiresOn = step.ExpiresOn ?? calendar.ExpiryDate(renewalRule, renewed.ExpiresOn!.Value);
                Refuse(plan.ExpiresOn <= renewed.ExpiresOn, ProblemText.Of("case.expiryNotExtended", ("expiresOn", plan.ExpiresOn), ("currentExpiry", renewed.ExpiresOn)));
                plan.Open(calendar.Renewal(RenewalDeadlineId(step.MeasureId!), renewalRule, plan.ExpiresOn.Value) with
                {
                    Generation = (open.GetValueOrDefault(RenewalDeadlineId(step.MeasureId!))?.Generation ?? 0) + 1,
                });
                break;
            case CaseStepKind.Released:
                RenewableMeasure(step.MeasureId!);
                plan.Close(open, RenewalDeadlineId(step.MeasureId!));
                break;
            case CaseStepKind.CreditMeasureLifted:
                var credit = state.Measures.GetValueOrDefault(step.MeasureId!);
                Refuse(credit is null || credit.Kind != CaseStepKind.CreditMeasureImposed, ProblemText.Of("case.noCreditMeasure", ("caseNumber", caseNumber), ("measureId", step.MeasureId)));
                Refuse(credit!.EndedAt is not null, ProblemText.Of("case.creditMeasureAlreadyLifted", ("measureId", step.MeasureId), ("day", Day(credit.EndedAt))));
                break;
            case CaseStepKind.Auctioned:
                Refuse(!state.Valued, ProblemText.Of("case.notValued"));
                break;
            case CaseStepKind.EntrustmentRequested:
                plan.Open(calendar.Open(EntrustmentDeadlineId(step.Target!), DeadlineRuleIds.EntrustHandOver, state.FiledAt));
                break;
            case CaseStepKind.EntrustmentDelivered:
                plan.Close(open, EntrustmentDeadlineId(step.Target!));
                break;
            case CaseStepKind.FundsReceived:
                plan.SubjectId = NextSubjectId("f", state.Funds.Count);
                plan.Open(calendar.Open(PayoutDeadlineId(plan.SubjectId), DeadlineRuleIds.PayOutFunds, now));
                break;
            case CaseStepKind.FundsPaidOut:
                Refuse(step.Amount > state.FundsHeld, ProblemText.Of("case.payOutExceedsHeld", ("amount", step.Amount!.Value), ("held", state.FundsHeld)));
                var remaining = step.Amount!.Value;
                foreach (var (id, arrival) in state.Funds.Where(f => f.Value.Outstanding > 0).OrderBy(f => f.Value.ReceivedAt))
                {
                    if (remaining >= arrival.Outstanding)
                    {
                        plan.Close(open, PayoutDeadlineId(id));
                    }

                    remaining -= Math.Min(remaining, arrival.Outstanding);
                }

                break;
            case CaseStepKind.ExtensionRequested:
                var conclude = open.GetValueOrDefault(ConcludeDeadlineId) ?? Refuse<Deadline>(ProblemText.Of("case.noConclusionLimit"));
                var daysLeft = conclude.DueDate.DayNumber - calendar.LocalDate(now).DayNumber;
                Refuse(daysLeft < 0, ProblemText.Of("case.extensionRequestAfterExpiry", ("dueDate", conclude.DueDate)));
                Refuse(daysLeft < calendar.Rules.ExtensionRequestMinDays,
                    ProblemText.Of("case.extensionRequestTooLate", ("minDays", calendar.Rules.ExtensionRequestMinDays), ("dueDate", conclude.DueDate), ("daysLeft", daysLeft)));
                Refuse(state.ExtensionRequestedDays is not null, ProblemText.Of("case.extensionAlreadyRequested", ("days", state.ExtensionRequestedDays)));
                break;
            case CaseStepKind.ExtensionGranted:
                Refuse(state.ExtensionRequestedDays is null, ProblemText.Of("case.noExtensionRequested"));
                var limit = open[ConcludeDeadlineId];
                Refuse(calendar.LocalDate(now) > limit.DueDate, ProblemText.Of("case.extensionGrantAfterExpiry", ("dueDate", limit.DueDate)));
                plan.Open(calendar.Move(limit, limit.DueDate.AddDays(step.Days!.Value)));
                break;
            case CaseStepKind.OpinionRequested:
                Refuse(state.Opinion is { SettledAt: null }, ProblemText.Of("case.opinionAlreadyRequested", ("day", Day(state.Opinion?.RequestedAt)), ("dueDate", state.Opinion?.DueDate)));
                plan.Open(calendar.Open(OpinionDeadlineId, DeadlineRuleIds.ApplicantOpinion, now) with { Generation = state.OpinionRounds });
                break;
            case CaseStepKind.OpinionGiven:
                var round = state.Opinion is { SettledAt: null } asked ? asked : Refuse<OpinionRound>(ProblemText.Of("case.noOpinionAsked"));
                var applicant = int.TryParse(step.Target.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && step.Target![0] == 'a' && index < state.Filing!.Applicants.Count;
                Refuse(!applicant, ProblemText.Of("case.notAnApplicant", ("target", step.Target), ("caseNumber", caseNumber), ("last", state.Filing!.Applicants.Count - 1)));
                Refuse(round.Answers.ContainsKey(step.Target!), ProblemText.Of("case.opinionAlreadyGiven", ("target", step.Target), ("day", Day(round.Answers.GetValueOrDefault(step.Target!)?.At))));
                if (round.Answers.Count + 1 == state.Filing.Applicants.Count)
                {
                    plan.Close(open, OpinionDeadlineId);
                }

                break;
            case CaseStepKind.OpinionLapsed:
                Refuse(state.Opinion is not { SettledAt: null }, ProblemText.Of("case.noOpinionWindow"));
                plan.Close(open, OpinionDeadlineId);
                break;
            case CaseStepKind.Terminated or CaseStepKind.Closed:
                var ending = step.Kind == CaseStepKind.Closed ? "closing" : "terminating";
                Refuse(state.FundsHeld > 0, ProblemText.Of("case.fundsStillHeld", ("amount", state.FundsHeld), ("caseEnding", ending)));
                Refuse(state.Opinion is not { SettledAt: not null },
                    state.Opinion is null
                        ? ProblemText.Of("case.opinionNotAsked", ("caseEnding", ending))
                        : ProblemText.Of("case.opinionPending", ("dueDate", state.Opinion.DueDate), ("answered", state.Opinion.Answers.Count), ("applicants", state.Filing!.Applicants.Count)));
                foreach (var id in open.Keys)
                {
                    plan.Close(open, id);
                }

                break;
        }

        return plan;
    }

    private Measure RenewableMeasure(string measureId)
    {
        var measure = state.Measures.GetValueOrDefault(measureId);
        Refuse(measure is null || measure.Kind is not (CaseStepKind.Frozen or CaseStepKind.Seized),
            ProblemText.Of("case.noMeasure", ("caseNumber", caseNumber), ("measureId", measureId), ("measures", Ids(state.Measures.Keys))));
        Refuse(measure!.EndedAt is not null, ProblemText.Of("case.measureReleased", ("measureId", measureId), ("day", Day(measure.EndedAt))));
        return measure;
    }

    private static string RenewalRule(CaseStepKind kind, SeizureKind? seizure) => kind == CaseStepKind.Frozen
        ? DeadlineRuleIds.RenewFreeze
        : seizure == SeizureKind.Movables ? DeadlineRuleIds.RenewMovablesSeizure : DeadlineRuleIds.RenewPropertySeizure;

    // Clues, measures and fund arrivals are never removed, so the count numbers them.
    private static string NextSubjectId(string prefix, int count) => prefix + (count + 1).ToString(CultureInfo.InvariantCulture);

    private static string ClueDeadlineId(string clueId) => $"verify-clue:{clueId}";

    private static string RenewalDeadlineId(string measureId) => $"renew:{measureId}";

    private static string PayoutDeadlineId(string arrivalId) => $"pay-out:{arrivalId}";

    private static string EntrustmentDeadlineId(string entrustmentId) => $"entrust:{entrustmentId}";

    private static string Day(DateTimeOffset? moment) => moment?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";

    /// <summary>The ids, else <c>none</c>, a word of the texts (<c>problem.clues.none</c>, <c>problem.measures.none</c>).</summary>
    private static string Ids(IEnumerable<string> ids) => ids.Any() ? string.Join(", ", ids) : "none";

    private static void Refuse(ProblemText reason) => throw new CaseStepRefusedException(reason);

    private static T Refuse<T>(ProblemText reason) => throw new CaseStepRefusedException(reason);

    private static void Refuse(bool when, ProblemText reason)
    {
        if (when)
        {
            throw new CaseStepRefusedException(reason);
        }
    }
}
