namespace Coordination.Grains.Cases;

/// <summary>
/// Where a case's state disagrees with its record: the record's entries, applied one by one to an empty case, give
/// another value for <see cref="Field"/> than the state the case reads.
/// </summary>
/// <param name="Copy">
/// Which state: <c>stored</c> (the snapshot in the database, which the case loads when it activates) or <c>active</c>
/// (the state the running case holds).
/// </param>
/// <param name="Version">How many record entries that state says it reflects.</param>
/// <param name="Field">The first field that disagrees, as a JSON path: <c>fundsReceived</c>, <c>measures.m1.amount</c>, <c>filing.applicants[0].mobile</c>.</param>
/// <param name="Stored">The field's value in that state (JSON; <c>nothing</c> if it is absent).</param>
/// <param name="Record">The value the record gives.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.StateMismatch")]
public sealed record StateMismatch([Id(0)] string Copy, [Id(1)] long Version, [Id(2)] string Field, [Id(3)] string Stored, [Id(4)] string Record)
{
    /// <summary>For example <c>fundsReceived: stored 1000000, record gives 100</c>.</summary>
    public string Summary => $"{Field}: stored {Stored}, record gives {Record}";
}
