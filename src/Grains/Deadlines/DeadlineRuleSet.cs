namespace Coordination.Grains.Deadlines;

/// <summary>
/// A court's time limits. <see cref="Default"/> is the table in DOMAIN.md; a court replaces it with a JSON
/// file (see <see cref="DeadlineRuleFile"/>).
/// </summary>
public sealed record DeadlineRuleSet
{
    /// <summary>Days before a due date that the "upcoming" warning goes out, unless a rule says otherwise. Default 2.</summary>
    public int UpcomingLeadDays { get; init; } = 2;

    /// <summary>Days before expiry that a freeze or seizure must be renewed by (its due date). Default 1: renew by the day before it lapses.</summary>
    public int RenewalMarginDays { get; init; } = 1;

    /// <summary>An extension of the conclusion limit must be requested at least this many days before it. Default 5.</summary>
    public int ExtensionRequestMinDays { get; init; } = 5;

    /// <summary>Rule lengths in working days use this calendar; null counts every rule in calendar days.</summary>
    public WorkingDayCalendar? Calendar { get; init; }

    /// <summary>The rules, one per id of <see cref="DeadlineRuleIds"/>.</summary>
    public IReadOnlyList<DeadlineRule> Rules { get; init; } = [];

    /// <summary>The rule with <paramref name="id"/>.</summary>
    public DeadlineRule Get(string id) =>
        Rules.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"The deadline rule set has no rule '{id}'.");

    /// <summary>The last day to act on <paramref name="rule"/> when it starts on <paramref name="start"/>.</summary>
    public DateOnly DueDate(DeadlineRule rule, DateOnly start)
    {
        var day = start.AddMonths(rule.Months);
        return rule.WorkingDays && Calendar is { } calendar ? calendar.AddWorkingDays(day, rule.Days) : day.AddDays(rule.Days);
    }

    /// <summary>Days of warning before <paramref name="rule"/> is due.</summary>
    public int LeadDays(DeadlineRule rule) => rule.LeadDays ?? UpcomingLeadDays;

    /// <summary>The statutory defaults (法发〔2006〕35号, CPL interpretation 2022 arts. 480 and 485, 执行款物管理规定).</summary>
    public static DeadlineRuleSet Default { get; } = new()
    {
        Rules =
        [
            new(DeadlineRuleIds.AssignJudge, "Assign a judge", Days: 7),
            new(DeadlineRuleIds.EnforcementNotice, "Send the enforcement notice to the debtor", Days: 3),
            new(DeadlineRuleIds.PropertyReport, "Ask the applicant for property information", Days: 3),
            new(DeadlineRuleIds.VerifyClue, "Verify the property clue", Days: 5),
            new(DeadlineRuleIds.VerifyUrgentClue, "Verify the urgent property clue", Days: 0, LeadDays: 0),
            new(DeadlineRuleIds.StartInvestigation, "Start the investigation the applicant asked for", Days: 10),
            new(DeadlineRuleIds.FinishInvestigation, "Finish the asset investigation", Months: 1, LeadDays: 5),
            new(DeadlineRuleIds.ConcludeLitigation, "Conclude the case", Months: 6, LeadDays: 10),
            new(DeadlineRuleIds.ConcludeNonLitigation, "Conclude the case", Months: 3, LeadDays: 10),
            new(DeadlineRuleIds.RenewFreeze, "Renew the freeze before it expires", Months: 12, LeadDays: 30),
            new(DeadlineRuleIds.RenewMovablesSeizure, "Renew the seizure of movables before it expires", Months: 24, LeadDays: 30),
            new(DeadlineRuleIds.RenewPropertySeizure, "Renew the seizure of property before it expires", Months: 36, LeadDays: 30),
            new(DeadlineRuleIds.PayOutFunds, "Pay out the case funds received", Days: 30, LeadDays: 5),
            new(DeadlineRuleIds.EntrustHandOver, "Hand the entrustment over to the other court", Months: 1, LeadDays: 5),
            new(DeadlineRuleIds.EntrustedFinish, "Finish the entrusted work", Days: 30, LeadDays: 5),
            new(DeadlineRuleIds.EntrustedStatusReport, "Report the entrusted work's status to the entrusting court", Days: 15, LeadDays: 3),
            new(DeadlineRuleIds.ApplicantOpinion, "The applicants' opinion before closing", Days: 7, LeadDays: 1),
            new(DeadlineRuleIds.DecideFiling, "Decide on the filing application", Days: 7),
        ],
    };
}
