namespace Coordination.Grains.Deadlines;

/// <summary>
/// Which days are working days: Monday to Friday, except <see cref="Holidays"/>, plus the weekend days in
/// <see cref="WorkingWeekendDays"/> (make-up days, 调休).
/// </summary>
public sealed record WorkingDayCalendar
{
    /// <summary>Public holidays that fall on weekdays.</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>Saturdays or Sundays that are working days.</summary>
    public IReadOnlyList<DateOnly> WorkingWeekendDays { get; init; } = [];

    /// <summary>Whether <paramref name="day"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday
            ? WorkingWeekendDays.Contains(day)
            : !Holidays.Contains(day);

    /// <summary>The day <paramref name="count"/> working days after <paramref name="start"/>.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        var day = start;
        for (var added = 0; added < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                added++;
            }
        }

        return day;
    }
}
