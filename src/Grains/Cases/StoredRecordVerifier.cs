using System.Text.Json;
using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using Coordination.Grains.Journals;

namespace Coordination.Grains.Cases;

/// <summary>Verifies a case record straight from the database, for the command-line verb (no running node needed).</summary>
public static class StoredRecordVerifier
{
    /// <summary>
    /// Checks the stored record of <paramref name="caseNumber"/> against the head its last snapshot confirmed, and the
    /// snapshot's state against the fold of the record.
    /// </summary>
    /// <exception cref="CaseNotFoundException">Nothing is stored for the case.</exception>
    public static async Task<RecordVerification> VerifyAsync(ILogStorage logs, IGrainStorage states, string caseNumber, CancellationToken cancellationToken = default)
    {
        var grainId = GrainId.Create(CaseGrain.GrainTypeName, caseNumber);
        var rows = await logs.ReadAsync(new LogId(CaseGrain.GrainTypeName, caseNumber), 0, cancellationToken: cancellationToken);
        JournalSnapshot<CaseState>? snapshot;
        try
        {
            snapshot = await JournalSnapshots.ReadAsync<CaseState>(states, grainId);
        }
        catch (JsonException unreadable)
        {
            return CaseRecordVerifier.Unreadable(caseNumber, rows.Count, unreadable);
        }

        if (rows.Count == 0 && snapshot is null)
        {
            throw new CaseNotFoundException(caseNumber);
        }

        return CaseRecordVerifier.Verify(caseNumber, rows, snapshot?.Version ?? 0, snapshot?.State.LastHash, snapshot);
    }
}
