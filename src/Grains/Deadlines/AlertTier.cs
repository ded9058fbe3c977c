namespace Coordination.Grains.Deadlines;

/// <summary>Warning tiers of a deadline, with their colours.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Deadlines.AlertTier")]
public enum AlertTier
{
    /// <summary>Yellow: the due date is within the lead time.</summary>
    Upcoming,

    /// <summary>Orange: today is the due date.</summary>
    Due,

    /// <summary>Red: the due date has passed.</summary>
    Overdue,
}
