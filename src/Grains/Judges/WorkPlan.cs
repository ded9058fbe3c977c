using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Judges;

/// <summary>Colour of a plan entry or deadline: none, yellow (upcoming), orange (due today), red (overdue).</summary>
[GenerateSerializer, Alias("Coordination.Grains.Judges.Colour")]
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
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Judges.PlanItem")]
public sealed record PlanItem([Id(0)] string? Id, [Id(1)] DateOnly Date, [Id(2)] string Title, [Id(3)] string? CaseNumber = null, [Id(4)] bool Done = false);

/// <summary>An open deadline of one of the judge's cases.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Judges.AgendaItem")]
public sealed record AgendaItem([Id(0)] string CaseNumber, [Id(1)] string? JudgeId, [Id(2)] string Parties, [Id(3)] Deadline Deadline, [Id(4)] AlertTier? Tier)
{
    /// <summary>The tier's colour.</summary>
    public Colour Colour => WorkPlanColours.Of(Tier);
}

/// <summary>One line of a weekly plan: a statutory deadline or the judge's own item.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Judges.PlanEntry")]
public sealed record PlanEntry([Id(0)] DateOnly Date, [Id(1)] string Title, [Id(2)] string? CaseNumber, [Id(3)] Colour Colour, [Id(4)] bool Done, [Id(5)] string? DeadlineId, [Id(6)] string? ItemId, [Id(7)] string? RuleId = null);

/// <summary>A judge's week, Monday to Sunday.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Judges.WorkPlan")]
public sealed record WorkPlan([Id(0)] string JudgeId, [Id(1)] DateOnly WeekStart, [Id(2)] IReadOnlyList<PlanEntry> Entries);

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
