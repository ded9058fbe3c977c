using System.Text.Json;
using Coordination.Actors.Logs;

namespace Coordination.Grains.Cases;

/// <summary>The outcome of checking a case record's chain.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Intact">True if every entry checks out and nothing is missing at the end.</param>
/// <param name="Entries">How many entries are stored.</param>
/// <param name="FirstBadSequence">The first entry that was altered, removed or moved; null when intact.</param>
/// <param name="Problem">What is wrong with it; null when intact.</param>
/// <param name="HeadHash">The hash of the last stored entry.</param>
public sealed record RecordVerification(string CaseNumber, bool Intact, int Entries, long? FirstBadSequence, string? Problem, string? HeadHash);

/// <summary>
/// Recomputes a case record's hash chain from the stored rows. It catches an altered entry (its hash no
/// longer matches its content), a removed or reordered entry (sequence numbers or previous hashes no longer
/// line up) and entries removed from the end (the record is shorter than the case's last confirmed length).
/// </summary>
public static class CaseRecordVerifier
{
    /// <summary>Checks <paramref name="rows"/> (in stored order) against the head the case last confirmed.</summary>
    public static RecordVerification Verify(string caseNumber, IReadOnlyList<LogEntry> rows, long confirmedLength, string? confirmedHeadHash)
    {
        var previousHash = CaseRecordHash.Genesis;
        for (var i = 0; i < rows.Count; i++)
        {
            var expectedSequence = i + 1L;
            var row = rows[i];
            if (row.Sequence != expectedSequence)
            {
                return Broken(caseNumber, rows.Count, expectedSequence, $"entry {expectedSequence} is missing (the next stored entry is {row.Sequence})");
            }

            CaseRecordEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize(row.Data, GrainsJsonContext.Default.CaseRecordEntry);
            }
            catch (JsonException)
            {
                entry = null;
            }

            if (entry is null)
            {
                return Broken(caseNumber, rows.Count, expectedSequence, $"entry {expectedSequence} is not a readable record entry");
            }

            if (entry.Sequence != row.Sequence)
            {
                return Broken(caseNumber, rows.Count, expectedSequence, $"entry {expectedSequence} holds the content of entry {entry.Sequence}: entries were moved");
            }

            if (entry.PreviousHash != previousHash)
            {
                return Broken(caseNumber, rows.Count, expectedSequence, $"entry {expectedSequence} does not follow entry {expectedSequence - 1}: an entry before it was removed, replaced or reordered");
            }

            if (CaseRecordHash.Compute(entry) != entry.Hash)
            {
                return Broken(caseNumber, rows.Count, expectedSequence, $"entry {expectedSequence} was altered: its content no longer matches its hash");
            }

            previousHash = entry.Hash;
        }

        if (rows.Count < confirmedLength)
        {
            return Broken(caseNumber, rows.Count, rows.Count + 1, $"entries {rows.Count + 1} to {confirmedLength} were removed from the end of the record");
        }

        if (rows.Count == confirmedLength && confirmedHeadHash is not null && confirmedHeadHash != (rows.Count == 0 ? null : previousHash))
        {
            return Broken(caseNumber, rows.Count, confirmedLength, $"entry {confirmedLength} is not the entry the case confirmed: the record was rewritten");
        }

        return new RecordVerification(caseNumber, true, rows.Count, null, null, rows.Count == 0 ? null : previousHash);
    }

    private static RecordVerification Broken(string caseNumber, int entries, long sequence, string problem) =>
        new(caseNumber, false, entries, sequence, problem, null);
}
