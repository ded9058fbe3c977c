using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Judges;

/// <summary>Colour of a plan entry or deadline: none, yellow (upcoming), orange (due today), red (overdue).</summary>
public enum Colour
{
    /// <summary>Nothing pressing, or done.</summary>
    None,

    /// <summary>Coming up within the lead time.</summary>
    Yellow,

    /// <summary>Due today.</summary>
    Orange,

    /// <summary>Past due.</summary>
    Red,
}

/// <summary>An item the judge put on their own plan.</summary>
/// <param name="Id">Assigned by the judge grain (p1, p2, ...); null when creating.</param>
/// <param name="Date">The day it is planned for.</param>
/// <param name="Title">What to do.</param>
/// <param name="CaseNumber">The case it belongs to, if any.</param>
/// <param name="Done">Whether it is done.</param>
public sealed record PlanItem(string? Id, DateOnly Date, string Title, string? CaseNumber = null, bool Done = false);

/// <summary>An open deadline of one of the judge's cases.</summary>
public sealed record AgendaItem(string CaseNumber, string? JudgeId, string Parties, Deadline Deadline, AlertTier? Tier)
{
    /// <summary>The tier's colour.</summary>
    public Colour Colour => WorkPlanColours.Of(Tier);
}

/// <summary>One line of a weekly plan: a statutory deadline or the judge's own item.</summary>
public sealed record PlanEntry(DateOnly Date, string Title, string? CaseNumber, Colour Colour, bool Done, string? DeadlineId, string? ItemId);

/// <summary>A judge's week, Monday to Sunday.</summary>
public sealed record WorkPlan(string JudgeId, DateOnly WeekStart, IReadOnlyList<PlanEntry> Entries);

/// <summary>How tiers and dates map to colours.</summary>
public static class WorkPlanColours
{
    /// <summary>The colour of a deadline tier.</summary>
    public static Colour Of(AlertTier? tier) => tier switch
    {
        AlertTier.Upcoming => Colour.Yellow,
        AlertTier.Due => Colour.Orange,
        AlertTier.Overdue => Colour.Red,
        _ => Colour.None,
    };

    /// <summary>The colour of an own item (planned for its date), seen on <paramref name="today"/>.</summary>
    public static Colour Of(PlanItem item, DateOnly today, int leadDays) =>
        item.Done ? Colour.None
        : item.Date < today ? Colour.Red
        : item.Date == today ? Colour.Orange
        : item.Date.DayNumber - today.DayNumber <= leadDays ? Colour.Yellow
        : Colour.None;

    /// <summary>The Monday of the week holding <paramref name="day"/>.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
