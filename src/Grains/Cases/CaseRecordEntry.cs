using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>
/// One entry of a case's record (电子卷宗): who did what, when, with what result, and what it did to the
/// case's deadlines. Entries are hash-chained: <see cref="Hash"/> is SHA-256 over the entry's content
/// including <see cref="PreviousHash"/> (see <see cref="CaseRecordHash"/>). The case's state is the fold of its entries.
/// </summary>
/// <param name="Sequence">1 for the filing, then one more per entry.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="Actor">Who recorded it: a user id, or <c>system</c>.</param>
/// <param name="Kind">The step.</param>
/// <param name="Filing">The filing, on the first entry.</param>
/// <param name="Step">The step as entered, on every other entry.</param>
/// <param name="SubjectId">The id this step gave to what it created (a measure, clue or fund arrival).</param>
/// <param name="ExpiresOn">When a freeze or seizure created or renewed here lapses.</param>
/// <param name="Opened">Deadlines this step opened or moved.</param>
/// <param name="Closed">Ids of deadlines this step met.</param>
/// <param name="PreviousHash">The previous entry's hash; 64 zeros on the first.</param>
/// <param name="Hash">SHA-256 (hex) of this entry's content.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.CaseRecordEntry")]
public sealed record CaseRecordEntry(
    [Id(0)] long Sequence,
    [Id(1)] DateTimeOffset At,
    [Id(2)] string Actor,
    [Id(3)] CaseStepKind Kind,
    [Id(4)] CaseFiling? Filing,
    [Id(5)] CaseStep? Step,
    [Id(6)] string? SubjectId,
    [Id(7)] DateOnly? ExpiresOn,
    [Id(8)] IReadOnlyList<Deadline> Opened,
    [Id(9)] IReadOnlyList<string> Closed,
    [Id(10)] string PreviousHash,
    [Id(11)] string Hash);
