using System.Globalization;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>Which steps make sense when, and what each does to the deadlines; and how an entry changes the state.</summary>
public sealed partial class CaseGrain
{
    private const string ConcludeDeadlineId = "conclude";

    private EntryPlan Decide(CaseStep step, DateTimeOffset now)
    {
        if (State.Status is CaseStatus.Closed or CaseStatus.Terminated)
        {
            Refuse($"Case {CaseNumber} was {(State.Status == CaseStatus.Closed ? "closed" : "terminated (终本)")} on {Day(State.EndedAt!.Value)}; no further steps can be recorded.");
        }

        if (State.JudgeId is null && step.Kind != CaseStepKind.JudgeAssigned)
        {
            Refuse($"Case {CaseNumber} has no judge yet: assign one before recording {step.Kind}.");
        }

        var calendar = courts.CalendarOf(State.Filing!.CourtId);
        var open = State.Deadlines;
        var plan = new EntryPlan();
        switch (step.Kind)
        {
            case CaseStepKind.JudgeAssigned:
                Refuse(step.JudgeId == State.JudgeId, $"Case {CaseNumber} is already assigned to {State.JudgeId}.");
                if (State.AssignedAt is null)
                {
                    plan.Close(open, DeadlineRuleIds.AssignJudge);
                    plan.Open(calendar.Open(DeadlineRuleIds.EnforcementNotice, DeadlineRuleIds.EnforcementNotice, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.PropertyReport, DeadlineRuleIds.PropertyReport, now));
                    plan.Open(calendar.Open(DeadlineRuleIds.FinishInvestigation, DeadlineRuleIds.FinishInvestigation, now));
                }

                break;
            case CaseStepKind.NoticeSent:
                Refuse(State.NoticeSentAt is not null, $"The enforcement notice was already sent on {Day(State.NoticeSentAt)}.");
                plan.Close(open, DeadlineRuleIds.EnforcementNotice);
                break;
            case CaseStepKind.PropertyReportRequested:
                Refuse(State.PropertyReportRequestedAt is not null, $"The applicant was already asked for property information on {Day(State.PropertyReportRequestedAt)}.");
                plan.Close(open, DeadlineRuleIds.PropertyReport);
                break;
            case CaseStepKind.ClueReceived:
                plan.SubjectId = NextSubjectId("c", State.Clues.Count);
                var urgent = step.Urgent == true;
                plan.Open(calendar.Open(ClueDeadlineId(plan.SubjectId), urgent ? DeadlineRuleIds.VerifyUrgentClue : DeadlineRuleIds.VerifyClue, now));
                break;
            case CaseStepKind.ClueVerified:
                var clue = State.Clues.GetValueOrDefault(step.ClueId!) ?? Refuse<Clue>($"Case {CaseNumber} has no clue '{step.ClueId}' (clues: {Ids(State.Clues.Keys)}).");
                Refuse(clue.VerifiedAt is not null, $"Clue {step.ClueId} was already verified on {Day(clue.VerifiedAt)}.");
                plan.Close(open, ClueDeadlineId(step.ClueId!));
                break;
            case CaseStepKind.InvestigationRequested:
                Refuse(State.InvestigationStartedAt is not null, $"The investigation already started on {Day(State.InvestigationStartedAt)}.");
                Refuse(State.InvestigationRequestedAt is not null, $"An investigation was already requested on {Day(State.InvestigationRequestedAt)}.");
                plan.Open(calendar.Open(DeadlineRuleIds.StartInvestigation, DeadlineRuleIds.StartInvestigation, now));
                break;
            case CaseStepKind.InvestigationStarted:
                Refuse(State.InvestigationStartedAt is not null, $"The investigation already started on {Day(State.InvestigationStartedAt)}.");
                plan.Close(open, DeadlineRuleIds.StartInvestigation);
                break;
            case CaseStepKind.InvestigationFinished:
                Refuse(State.InvestigationStartedAt is null, "The investigation has not started: record InvestigationStarted first.");
                Refuse(State.InvestigationFinishedAt is not null, $"The investigation already finished on {Day(State.InvestigationFinishedAt)}.");
                plan.Close(open, DeadlineRuleIds.FinishInvestigation);
                break;
            case CaseStepKind.NetworkInquiryResult:
                Refuse(State.NetworkInquiriesPending == 0, "No network inquiry is waiting for results: record NetworkInquirySent first.");
                break;
            case CaseStepKind.Frozen or CaseStepKind.Seized:
                plan.SubjectId = NextSubjectId("m", State.Measures.Count);
                var rule = RenewalRule(step.Kind, step.Seizure);
                plan.ExpiresOn = step.ExpiresOn ?? calendar.ExpiryDate(rule, calendar.LocalDate(now));
                Refuse(plan.ExpiresOn <= calendar.LocalDate(now), $"expiresOn {plan.ExpiresOn:yyyy-MM-dd} is not in the future.");
                plan.Open(calendar.Renewal(RenewalDeadlineId(plan.SubjectId), rule, plan.ExpiresOn.Value));
                break;
            case CaseStepKind.Deducted or CaseStepKind.CreditMeasureImposed:
                plan.SubjectId = NextSubjectId("m", State.Measures.Count);
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
                var credit = State.Measures.GetValueOrDefault(step.MeasureId!);
                Refuse(credit is null || credit.Kind != CaseStepKind.CreditMeasureImposed, $"Case {CaseNumber} has no credit measure '{step.MeasureId}'.");
                Refuse(credit!.EndedAt is not null, $"Credit measure {step.MeasureId} was already lifted on {Day(credit.EndedAt)}.");
                break;
            case CaseStepKind.Auctioned:
                Refuse(!State.Valued, "The property has not been valued: record Valued before Auctioned.");
                break;
            case CaseStepKind.FundsReceived:
                plan.SubjectId = NextSubjectId("f", State.Funds.Count);
                plan.Open(calendar.Open(PayoutDeadlineId(plan.SubjectId), DeadlineRuleIds.PayOutFunds, now));
                break;
            case CaseStepKind.FundsPaidOut:
                Refuse(step.Amount > State.FundsHeld, $"Cannot pay out {Yuan(step.Amount!.Value)}: the case account holds only {Yuan(State.FundsHeld)}.");
                var remaining = step.Amount!.Value;
                foreach (var (id, arrival) in State.Funds.Where(f => f.Value.Outstanding > 0).OrderBy(f => f.Value.ReceivedAt))
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
                Refuse(State.ExtensionRequestedDays is not null, $"An extension of {State.ExtensionRequestedDays} days is already waiting for approval.");
                break;
            case CaseStepKind.ExtensionGranted:
                Refuse(State.ExtensionRequestedDays is null, "No extension was requested: record ExtensionRequested first.");
                var limit = open[ConcludeDeadlineId];
                Refuse(calendar.LocalDate(now) > limit.DueDate, $"The conclusion limit expired on {limit.DueDate:yyyy-MM-dd}: an extension cannot be granted after expiry.");
                plan.Open(calendar.Move(limit, limit.DueDate.AddDays(step.Days!.Value)));
                break;
            case CaseStepKind.Terminated or CaseStepKind.Closed:
                Refuse(State.FundsHeld > 0, $"The case account still holds {Yuan(State.FundsHeld)}: pay it out before {(step.Kind == CaseStepKind.Closed ? "closing" : "terminating")} the case.");
                foreach (var id in open.Keys)
                {
                    plan.Close(open, id);
                }

                break;
        }

        return plan;
    }

    protected override void TransitionState(CaseState state, CaseRecordEntry entry)
    {
        var step = entry.Step;
        var at = entry.At;
        switch (entry.Kind)
        {
            case CaseStepKind.Filed:
                state.Filing = entry.Filing;
                state.FiledAt = at;
                state.Status = CaseStatus.Filed;
                break;
            case CaseStepKind.JudgeAssigned:
                state.JudgeId = step!.JudgeId;
                state.AssignedAt ??= at;
                state.Status = CaseStatus.InProgress;
                break;
            case CaseStepKind.NoticeSent:
                state.NoticeSentAt = at;
                break;
            case CaseStepKind.PropertyReportRequested:
                state.PropertyReportRequestedAt = at;
                break;
            case CaseStepKind.ClueReceived:
                state.Clues[entry.SubjectId!] = new Clue { Description = step!.Note!, ReceivedAt = at };
                break;
            case CaseStepKind.ClueVerified:
                state.Clues[step!.ClueId!] = state.Clues[step.ClueId!] with { VerifiedAt = at, Result = step.Result };
                break;
            case CaseStepKind.InvestigationRequested:
                state.InvestigationRequestedAt = at;
                break;
            case CaseStepKind.InvestigationStarted:
                state.InvestigationStartedAt = at;
                break;
            case CaseStepKind.InvestigationFinished:
                state.InvestigationFinishedAt = at;
                break;
            case CaseStepKind.NetworkInquirySent:
                state.NetworkInquiriesPending++;
                break;
            case CaseStepKind.NetworkInquiryResult:
                state.NetworkInquiriesPending--;
                break;
            case CaseStepKind.Frozen or CaseStepKind.Seized or CaseStepKind.Deducted or CaseStepKind.CreditMeasureImposed:
                state.Measures[entry.SubjectId!] = new Measure
                {
                    Kind = entry.Kind, Target = step!.Target, Amount = step.Amount, Seizure = step.Seizure, Credit = step.Credit, ImposedAt = at, ExpiresOn = entry.ExpiresOn,
                };
                break;
            case CaseStepKind.Renewed:
                var renewed = state.Measures[step!.MeasureId!];
                state.Measures[step.MeasureId!] = renewed with { ExpiresOn = entry.ExpiresOn, Renewals = renewed.Renewals + 1 };
                break;
            case CaseStepKind.Released or CaseStepKind.CreditMeasureLifted:
                state.Measures[step!.MeasureId!] = state.Measures[step.MeasureId!] with { EndedAt = at };
                break;
            case CaseStepKind.Valued:
                state.Valued = true;
                break;
            case CaseStepKind.FundsReceived:
                state.Funds[entry.SubjectId!] = new FundArrival { Amount = step!.Amount!.Value, Outstanding = step.Amount.Value, ReceivedAt = at };
                state.FundsReceived += step.Amount.Value;
                break;
            case CaseStepKind.FundsPaidOut:
                var left = step!.Amount!.Value;
                state.FundsPaidOut += left;
                foreach (var (id, arrival) in state.Funds.Where(f => f.Value.Outstanding > 0).OrderBy(f => f.Value.ReceivedAt).ToList())
                {
                    var paid = Math.Min(left, arrival.Outstanding);
                    state.Funds[id] = arrival with { Outstanding = arrival.Outstanding - paid };
                    left -= paid;
                }

                break;
            case CaseStepKind.ExtensionRequested:
                state.ExtensionRequestedDays = step!.Days;
                break;
            case CaseStepKind.ExtensionGranted:
                state.ExtensionDaysGranted += step!.Days!.Value;
                state.ExtensionRequestedDays = null;
                break;
            case CaseStepKind.Terminated or CaseStepKind.Closed:
                state.Status = entry.Kind == CaseStepKind.Closed ? CaseStatus.Closed : CaseStatus.Terminated;
                state.EndedAt = at;
                break;
        }

        foreach (var id in entry.Closed)
        {
            state.Deadlines.Remove(id);
        }

        foreach (var deadline in entry.Opened)
        {
            state.Deadlines[deadline.Id] = deadline;
        }

        state.LastHash = entry.Hash;
    }

    private Measure RenewableMeasure(string measureId)
    {
        var measure = State.Measures.GetValueOrDefault(measureId);
        Refuse(measure is null || measure.Kind is not (CaseStepKind.Frozen or CaseStepKind.Seized),
            $"Case {CaseNumber} has no freeze or seizure '{measureId}' (measures: {Ids(State.Measures.Keys)}).");
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
