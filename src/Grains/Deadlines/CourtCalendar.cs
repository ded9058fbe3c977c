namespace Coordination.Grains.Deadlines;

/// <summary>Turns a rule and a start moment into a <see cref="Deadline"/> in a court's time zone.</summary>
public sealed class CourtCalendar(DeadlineRuleSet rules, TimeZoneInfo timeZone)
{
    /// <summary>The court's rules.</summary>
    public DeadlineRuleSet Rules { get; } = rules;

    /// <summary>The court's local date at <paramref name="moment"/>.</summary>
    public DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, timeZone).DateTime);

    /// <summary>Midnight at the start of <paramref name="day"/>, court time.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    /// <summary>The deadline of <paramref name="ruleId"/> started at <paramref name="start"/>.</summary>
    public Deadline Open(string id, string ruleId, DateTimeOffset start)
    {
        var rule = Rules.Get(ruleId);
        return Due(id, rule, Rules.DueDate(rule, LocalDate(start)));
    }

    /// <summary>The renewal deadline of a measure lapsing on <paramref name="expiresOn"/>: renew by <see cref="DeadlineRuleSet.RenewalMarginDays"/> before.</summary>
    public Deadline Renewal(string id, string ruleId, DateOnly expiresOn) =>
        Due(id, Rules.Get(ruleId), expiresOn.AddDays(-Rules.RenewalMarginDays));

    /// <summary>The day a measure of <paramref name="ruleId"/> whose period starts on <paramref name="start"/> lapses.</summary>
    public DateOnly ExpiryDate(string ruleId, DateOnly start) => Rules.DueDate(Rules.Get(ruleId), start);

    /// <summary>The same deadline moved to <paramref name="dueDate"/>, warned about afresh.</summary>
    public Deadline Move(Deadline deadline, DateOnly dueDate) =>
        Due(deadline.Id, Rules.Get(deadline.RuleId), dueDate) with { Generation = deadline.Generation + 1 };

    private Deadline Due(string id, DeadlineRule rule, DateOnly dueDate) =>
        new(id, rule.Id, rule.Title, dueDate, StartOf(dueDate.AddDays(-Rules.LeadDays(rule))), StartOf(dueDate), StartOf(dueDate.AddDays(1)));
}
