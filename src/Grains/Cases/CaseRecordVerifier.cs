using System.Globalization;
using System.Text.Json;
using Coordination.Grains.Journals;

namespace Coordination.Grains.Cases;

/// <summary>The outcome of checking a case record's chain and the case's state against it.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Intact">True if every entry checks out, nothing is missing at the end, and the case's state is what its record gives.</param>
/// <param name="Entries">How many entries are stored.</param>
/// <param name="FirstBadSequence">The first entry that was altered, removed or moved; null when intact or when only the state was altered.</param>
/// <param name="Problem">What is wrong; null when intact.</param>
/// <param name="HeadHash">The hash of the last stored entry; null when the chain is broken.</param>
/// <param name="StateMismatch">
/// When the record is intact but the case's state is not what the record gives (the state was edited behind the
/// record's back): the first field that disagrees. Null otherwise.
/// </param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Cases.RecordVerification")]
public sealed record RecordVerification(
    [Id(0)] string CaseNumber, [Id(1)] bool Intact, [Id(2)] int Entries, [Id(3)] long? FirstBadSequence, [Id(4)] string? Problem, [Id(5)] string? HeadHash, [Id(6)] StateMismatch? StateMismatch = null);

/// <summary>
/// Recomputes a case record's hash chain from the stored rows. It catches an altered entry (its hash no longer matches
/// its content), a removed or reordered entry (sequence numbers or previous hashes no longer line up) and entries
/// removed from the end (the record is shorter than the case's last confirmed length). Then it folds the record from an
/// empty case, exactly as the case does, and compares the result with the case's state: a state edited without its
/// record (funds received changed in the stored snapshot) is caught and the first field that disagrees is named.
/// </summary>
public static class CaseRecordVerifier
{
    /// <summary>The snapshot in the database, which the case loads when it activates.</summary>
    private const string StoredCopy = "stored";

    /// <summary>The state the running case holds.</summary>
    private const string ActiveCopy = "active";

    /// <summary>
    /// Checks <paramref name="rows"/> (in stored order) against the head the case last confirmed, then the case's
    /// <paramref name="stored"/> snapshot and its <paramref name="active"/> state (at <paramref name="confirmedLength"/>
    /// entries), each if given, against the fold of the record.
    /// </summary>
    public static RecordVerification Verify(
        string caseNumber, IReadOnlyList<LogEntry> rows, long confirmedLength, string? confirmedHeadHash, JournalSnapshot<CaseState>? stored = null, CaseState? active = null)
    {
        var entries = new List<CaseRecordEntry>(rows.Count);
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
            entries.Add(entry);
        }

        if (rows.Count < confirmedLength)
        {
            return Broken(caseNumber, rows.Count, rows.Count + 1, $"entries {rows.Count + 1} to {confirmedLength} were removed from the end of the record");
        }

        if (rows.Count == confirmedLength && confirmedHeadHash is not null && confirmedHeadHash != (rows.Count == 0 ? null : previousHash))
        {
            return Broken(caseNumber, rows.Count, confirmedLength, $"entry {confirmedLength} is not the entry the case confirmed: the record was rewritten");
        }

        var head = rows.Count == 0 ? null : previousHash;
        List<(string Copy, long Version, CaseState State)> copies = [];
        if (stored is not null)
        {
            copies.Add((StoredCopy, stored.Version, stored.State));
        }

        if (active is not null)
        {
            copies.Add((ActiveCopy, confirmedLength, active));
        }

        return CheckStates(caseNumber, entries, head, copies) ?? new RecordVerification(caseNumber, true, rows.Count, null, null, head);
    }

    /// <summary>The verification of a case whose stored snapshot cannot even be read.</summary>
    public static RecordVerification Unreadable(string caseNumber, int entries, JsonException exception) =>
        new(caseNumber, false, entries, null, $"the stored state is not readable: {exception.Message}", null);

    /// <summary>Folds the (intact) record from an empty case and compares each copy at its version; the stored copy's mismatch is named first.</summary>
    private static RecordVerification? CheckStates(string caseNumber, List<CaseRecordEntry> entries, string? head, List<(string Copy, long Version, CaseState State)> copies)
    {
        var mismatches = new Dictionary<string, StateMismatch>();
        var folded = new CaseState();
        var applied = 0;
        foreach (var (copy, version, state) in copies.OrderBy(c => c.Version))
        {
            if (version > entries.Count)
            {
                mismatches[copy] = new StateMismatch(copy, version, "version", version.ToString(CultureInfo.InvariantCulture), entries.Count.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            for (; applied < version; applied++)
            {
                try
                {
                    folded.Apply(entries[applied]);
                }
                catch (Exception exception)
                {
                    // Only a forged record (its chain rewritten to match) can hold an entry the case could never have written.
                    return Broken(caseNumber, entries.Count, applied + 1, $"entry {applied + 1} cannot be applied to the case ({exception.Message})");
                }
            }

            if (CaseStateComparison.FirstDifference(state, folded) is { } difference)
            {
                mismatches[copy] = new StateMismatch(copy, version, difference.Field, difference.Stored, difference.Record);
            }
        }

        var mismatch = mismatches.GetValueOrDefault(StoredCopy) ?? mismatches.GetValueOrDefault(ActiveCopy);
        if (mismatch is null)
        {
            return null;
        }

        var which = mismatch.Copy == StoredCopy ? "the stored state" : "the state the running case holds";
        return new RecordVerification(caseNumber, false, entries.Count, null,
            $"{which} (after entry {mismatch.Version}) disagrees with the record: {mismatch.Summary}", head, mismatch);
    }

    private static RecordVerification Broken(string caseNumber, int entries, long sequence, string problem) =>
        new(caseNumber, false, entries, sequence, problem, null);
}
