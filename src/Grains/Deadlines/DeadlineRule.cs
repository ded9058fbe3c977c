namespace Coordination.Grains.Deadlines;

/// <summary>
/// One statutory time limit: which case event starts it, how long it runs, and which event meets it.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>enforcement-notice</c>.</param>
/// <param name="Title">What has to be done, as shown to judges.</param>
/// <param name="Days">Length in days (calendar days, or working days when <see cref="WorkingDays"/> and the court has a calendar).</param>
/// <param name="Months">Length in calendar months, added before <paramref name="Days"/>.</param>
/// <param name="WorkingDays">Counts <see cref="Days"/> on the court's working-day calendar.</param>
/// <param name="LeadDays">Days before the due date the "upcoming" warning goes out; null uses the rule set's default.</param>
public sealed record DeadlineRule(string Id, string Title, int Days = 0, int Months = 0, bool WorkingDays = false, int? LeadDays = null);
