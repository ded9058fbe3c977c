using System.Globalization;
using Coordination.Grains.Deadlines;

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
            Refuse($"Case {caseNumber} was {(state.Status == CaseStatus.Closed ? "closed" : "terminated (终本)")} on {Day(state.EndedAt!.Value)}; no further steps can be recorded.");
        }

        if (state.JudgeId is null && step.Kind != CaseStepKind.JudgeAssigned)
        {
            Refuse($"Case {caseNumber} has no judge yet: assign one before recording {step.Kind}.");
        }

        var open = state.Deadlines;
        var plan = new EntryPlan();
        switch (step.Kind)
        {
            case CaseStepKind.JudgeAssigned:
                Refuse(step.JudgeId == state.JudgeId, $"Case {caseNumber} is already assigned to {state.JudgeId}.");
                if (state.AssignedAt is null)
                {
                    plan.Close(open, DeadlineRuleIds.AssignJudge);
                    plan.Open(calendar.Open(DeadlineRuleIds.EnforcementNotice, DeadlineRuleIds.EnforcementNotice, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.PropertyReport, DeadlineRuleIds.PropertyReport, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.FinishInvestigation, DeadlineRuleIds.FinishInvestigation, now));
                }

                break;
            case CaseStepKind.NoticeSent:
                Refuse(state.NoticeSentAt is not null, $"The enforcement notice was already sent on {Day(state.NoticeSentAt)}.");
                plan.Close(open, DeadlineRuleIds.EnforcementNotice);
                break;
            case CaseStepKind.PropertyReportRequested:
                Refuse(state.PropertyReportRequestedAt is not null, $"The applicant was already asked for property information on {Day(state.PropertyReportRequestedAt)}.");
                plan.Close(open, DeadlineRuleIds.PropertyReport);
                break;
            case CaseStepKind.ClueReceived:
                plan.SubjectId = NextSubjectId("c", state.Clues.Count);
                var urgent = step.Urgent == true;
                plan.Open(calendar.Open(ClueDeadlineId(plan.SubjectId), urgent ? DeadlineRuleIds.VerifyUrgentClue : DeadlineRuleIds.VerifyClue, now));
                break;
            case CaseStepKind.ClueVerified:
                var clue = state.Clues.GetValueOrDefault(step.ClueId!) ?? Refuse<Clue>($"Case {caseNumber} has no clue '{step.ClueId}' (clues: {Ids(state.Clues.Keys)}).");
                Refuse(clue.VerifiedAt is not null, $"Clue {step.ClueId} was already verified on {Day(clue.VerifiedAt)}.");
                plan.Close(open, ClueDeadlineId(step.ClueId!));
                break;
            case CaseStepKind.InvestigationRequested:
                Refuse(state.InvestigationStartedAt is not null, $"The investigation already started on {Day(state.InvestigationStartedAt)}.");
                Refuse(state.InvestigationRequestedAt is not null, $"An investigation was already requested on {Day(state.InvestigationRequestedAt)}.");
                plan.Open(calendar.Open(DeadlineRuleIds.StartInvestigation, DeadlineRuleIds.StartInvestigation, now));
                break;
            case CaseStepKind.InvestigationStarted:
                Refuse(state.InvestigationStartedAt is not null, $"The investigation already started on {Day(state.InvestigationStartedAt)}.");
                plan.Close(open, DeadlineRuleIds.StartInvestigation);
                break;
            case CaseStepKind.InvestigationFinished:
                Refuse(state.InvestigationStartedAt is null, "The investigation has not started: record InvestigationStarted first.");
                Refuse(state.InvestigationFinishedAt is not null, $"The investigation already finished on {Day(state.InvestigationFinishedAt)}.");
                plan.Close(open, DeadlineRuleIds.FinishInvestigation);
                break;
            case CaseStepKind.NetworkInquiryResult:
                Refuse(state.NetworkInquiriesPending == 0, "No network inquiry is waiting for results: record NetworkInquirySent first.");
                break;
            case CaseStepKind.Frozen or CaseStepKind.Seized:
                plan.SubjectId = NextSubjectId("m", state.Measures.Count);
                var rule = RenewalRule(step.Kind, step.Seizure);
                plan.ExpiresOn = step.ExpiresOn ?? calendar.ExpiryDate(rule, calendar.LocalDate(now));
                Refuse(plan.ExpiresOn <= calendar.LocalDate(now), $"expiresOn {plan.ExpiresOn:yyyy-MM-dd} is not in the future.");
                plan.Open(calendar.Renewal(RenewalDeadlineId(plan.SubjectId), rule, plan.ExpiresOn.Value));
                break;
            case CaseStepKind.Deducted or CaseStepKind.CreditMeasureImposed:
                plan.SubjectId = NextSubjectId("m", state.Measures.Count);
                break;
            case CaseStepKind.Renewed:
                var renewed = RenewableMeasure(step.MeasureId!);
                var today = calendar.LocalDate(now);
                Refuse(renewed.ExpiresOn < today, $"Measure {step.MeasureId} expired on {renewed.ExpiresOn:yyyy-MM-dd}: a lapsed freeze or seizure cannot be renewed, impose a new one.");
                var renewalRule = RenewalRule(renewed.Kind, renewed.Seizure);
                plan.SubjectId = step.MeasureId;
                // A renewal's period runs on from the current expiry.
                plan.ExpiresOn = step.ExpiresOn ?? calendar.ExpiryDate(renewalRule, renewed.ExpiresOn!.Value);
                Refuse(plan.ExpiresOn <= renewed.ExpiresOn, $"expiresOn {plan.ExpiresOn:yyyy-MM-dd} does not extend the current expiry ({renewed.ExpiresOn:yyyy-MM-dd}).");
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
                Refuse(credit is null || credit.Kind != CaseStepKind.CreditMeasureImposed, $"Case {caseNumber} has no credit measure '{step.MeasureId}'.");
                Refuse(credit!.EndedAt is not null, $"Credit measure {step.MeasureId} was already lifted on {Day(credit.EndedAt)}.");
                break;
            case CaseStepKind.Auctioned:
                Refuse(!state.Valued, "The property has not been valued: record Valued before Auctioned.");
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
                Refuse(step.Amount > state.FundsHeld, $"Cannot pay out {Yuan(step.Amount!.Value)}: the case account holds only {Yuan(state.FundsHeld)}.");
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
                var conclude = open.GetValueOrDefault(ConcludeDeadlineId) ?? Refuse<Deadline>("The case has no open conclusion limit to extend.");
                var daysLeft = conclude.DueDate.DayNumber - calendar.LocalDate(now).DayNumber;
                Refuse(daysLeft < 0, $"The conclusion limit expired on {conclude.DueDate:yyyy-MM-dd}: an extension cannot be requested after expiry.");
                Refuse(daysLeft < calendar.Rules.ExtensionRequestMinDays,
                    $"An extension must be requested at least {calendar.Rules.ExtensionRequestMinDays} days before the limit ({conclude.DueDate:yyyy-MM-dd}); only {daysLeft} left.");
                Refuse(state.ExtensionRequestedDays is not null, $"An extension of {state.ExtensionRequestedDays} days is already waiting for approval.");
                break;
            case CaseStepKind.ExtensionGranted:
                Refuse(state.ExtensionRequestedDays is null, "No extension was requested: record ExtensionRequested first.");
                var limit = open[ConcludeDeadlineId];
                Refuse(calendar.LocalDate(now) > limit.DueDate, $"The conclusion limit expired on {limit.DueDate:yyyy-MM-dd}: an extension cannot be granted after expiry.");
                plan.Open(calendar.Move(limit, limit.DueDate.AddDays(step.Days!.Value)));
                break;
            case CaseStepKind.OpinionRequested:
                Refuse(state.Opinion is { SettledAt: null }, $"The applicants were already asked on {Day(state.Opinion?.RequestedAt)}; they have until {state.Opinion?.DueDate:yyyy-MM-dd}.");
                plan.Open(calendar.Open(OpinionDeadlineId, DeadlineRuleIds.ApplicantOpinion, now) with { Generation = state.OpinionRounds });
                break;
            case CaseStepKind.OpinionGiven:
                var round = state.Opinion is { SettledAt: null } asked ? asked : Refuse<OpinionRound>("No opinion is being asked for: the judge records OpinionRequested first.");
                var applicant = int.TryParse(step.Target.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && step.Target![0] == 'a' && index < state.Filing!.Applicants.Count;
                Refuse(!applicant, $"'{step.Target}' is not an applicant of case {caseNumber} (applicants: a0 to a{state.Filing!.Applicants.Count - 1}).");
                Refuse(round.Answers.ContainsKey(step.Target!), $"Applicant {step.Target} already gave an opinion on {Day(round.Answers.GetValueOrDefault(step.Target!)?.At)}.");
                if (round.Answers.Count + 1 == state.Filing.Applicants.Count)
                {
                    plan.Close(open, OpinionDeadlineId);
                }

                break;
            case CaseStepKind.OpinionLapsed:
                Refuse(state.Opinion is not { SettledAt: null }, "No opinion window is open.");
                plan.Close(open, OpinionDeadlineId);
                break;
            case CaseStepKind.Terminated or CaseStepKind.Closed:
                Refuse(state.FundsHeld > 0, $"The case account still holds {Yuan(state.FundsHeld)}: pay it out before {(step.Kind == CaseStepKind.Closed ? "closing" : "terminating")} the case.");
                Refuse(state.Opinion is not { SettledAt: not null },
                    state.Opinion is null
                        ? $"Ask the applicants for their opinion before {(step.Kind == CaseStepKind.Closed ? "closing" : "terminating")} (record OpinionRequested)."
                        : $"The applicants have until {state.Opinion.DueDate:yyyy-MM-dd} to give their opinion; {state.Opinion.Answers.Count} of {state.Filing!.Applicants.Count} answered so far.");
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
            $"Case {caseNumber} has no freeze or seizure '{measureId}' (measures: {Ids(state.Measures.Keys)}).");
        Refuse(measure!.EndedAt is not null, $"Measure {measureId} was released on {Day(measure.EndedAt)}.");
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

    private static string Yuan(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture) + " yuan";

    private static string Ids(IEnumerable<string> ids) => ids.Any() ? string.Join(", ", ids) : "none";

    private static void Refuse(string reason) => throw new CaseStepRefusedException(reason);

    private static T Refuse<T>(string reason) => throw new CaseStepRefusedException(reason);

    private static void Refuse(bool when, string reason)
    {
        if (when)
        {
            throw new CaseStepRefusedException(reason);
        }
    }
}
