namespace Coordination.Actors.Reminders;

/// <summary>A stored reminder.</summary>
/// <param name="GrainId">The grain it wakes.</param>
/// <param name="Name">Its name, unique per grain.</param>
/// <param name="FirstDue">When it was first due.</param>
/// <param name="DueAt">When it is next due.</param>
/// <param name="Period">Its period; null for a one-shot reminder.</param>
/// <param name="Generation">Changes on every registration, so a late tick cannot delete or move a newer registration.</param>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset FirstDue, DateTimeOffset DueAt, TimeSpan? Period, long Generation);
