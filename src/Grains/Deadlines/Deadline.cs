namespace Coordination.Grains.Deadlines;

/// <summary>An open time limit of one case, with the moments its warning tiers begin.</summary>
/// <param name="Id">Unique within the case, e.g. <c>enforcement-notice</c> or <c>renew-freeze:m3</c>.</param>
/// <param name="RuleId">The rule it comes from.</param>
/// <param name="Title">What has to be done.</param>
/// <param name="DueDate">The last day to act (court's local date).</param>
/// <param name="UpcomingAt">From when it is "upcoming" (yellow).</param>
/// <param name="DueAt">From when it is "due" (orange): the start of the due date.</param>
/// <param name="OverdueAt">From when it is "overdue" (red): the start of the day after.</param>
/// <param name="Generation">Raised when the limit moves (an extension), so its warnings go out again.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Deadlines.Deadline")]
public sealed record Deadline(
    [Id(0)] string Id, [Id(1)] string RuleId, [Id(2)] string Title, [Id(3)] DateOnly DueDate, [Id(4)] DateTimeOffset UpcomingAt, [Id(5)] DateTimeOffset DueAt, [Id(6)] DateTimeOffset OverdueAt, [Id(7)] int Generation = 1)
{
    /// <summary>The tier at <paramref name="now"/>; null before the upcoming warning.</summary>
    public AlertTier? TierAt(DateTimeOffset now) =>
        now >= OverdueAt ? AlertTier.Overdue : now >= DueAt ? AlertTier.Due : now >= UpcomingAt ? AlertTier.Upcoming : null;

    /// <summary>When <paramref name="tier"/> begins.</summary>
    public DateTimeOffset BeginningOf(AlertTier tier) => tier switch
    {
        AlertTier.Upcoming => UpcomingAt,
        AlertTier.Due => DueAt,
        _ => OverdueAt,
    };

    /// <summary>The tiers before <paramref name="tier"/> that began at or after <paramref name="since"/>: those a warning of <paramref name="tier"/> sent now skips.</summary>
    public IReadOnlyList<AlertTier> TiersSkipped(AlertTier tier, DateTimeOffset since) =>
        [.. Enum.GetValues<AlertTier>().Where(earlier => earlier < tier && BeginningOf(earlier) >= since)];

    /// <summary>When the next tier after <paramref name="now"/> begins; null once overdue.</summary>
    public DateTimeOffset? NextTierAt(DateTimeOffset now) =>
        now < UpcomingAt ? UpcomingAt : now < DueAt ? DueAt : now < OverdueAt ? OverdueAt : null;
}
