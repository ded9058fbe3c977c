namespace Coordination.Actors;

/// <summary>One reminder tick.</summary>
/// <param name="FirstTickTime">When the reminder was first due.</param>
/// <param name="Period">Its period; null for a one-shot reminder.</param>
/// <param name="CurrentTickTime">When this tick was scheduled to fire (not when it was delivered): the key for idempotent handling.</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan? Period, DateTimeOffset CurrentTickTime);
