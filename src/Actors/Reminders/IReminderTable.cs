namespace Coordination.Actors.Reminders;

/// <summary>Durable reminder rows, kept in the same database as grain state. Safe for concurrent use.</summary>
internal interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    Task UpsertAsync(ReminderEntry entry);

    /// <summary>Deletes a reminder; with a generation, only that registration. Returns whether a row went.</summary>
    Task<bool> DeleteAsync(GrainId grainId, string name, long? generation);

    /// <summary>Moves a registration to its next due time. Returns false if it was registered again or removed meanwhile.</summary>
    Task<bool> RescheduleAsync(GrainId grainId, string name, long generation, DateTimeOffset dueAt);
}
