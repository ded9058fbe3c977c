namespace Coordination.Actors;

/// <summary>Reminder delivery settings. Bound from the <c>Actors:Reminders</c> configuration section.</summary>
public sealed class ReminderOptions
{
    /// <summary>How long after a failed delivery the tick is tried again. Default 1 minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most ticks delivered at once; more wait their turn. Default 1,000.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 1_000;
}
