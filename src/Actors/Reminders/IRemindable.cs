namespace Coordination.Actors;

/// <summary>Implemented by grains that register durable reminders.</summary>
public interface IRemindable : IGrain
{
    /// <summary>
    /// A reminder came due. Delivery is at least once: after a crash between this call completing and
    /// the reminder's next due time being stored, the same tick is delivered again, with the same
    /// <see cref="TickStatus.CurrentTickTime"/>; compare it with what the grain already handled.
    /// A tick missed while the node was down is delivered once soon after start. If this method throws,
    /// the tick is retried after <see cref="ReminderOptions.RetryDelay"/>.
    /// </summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
