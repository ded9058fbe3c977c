using System.Text.Json;
using Coordination.Actors;
using Coordination.Actors.EventSourcing;
using Coordination.Actors.Logs;
using Coordination.Actors.Storage;

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
        var grainId = new GrainId(CaseGrain.GrainTypeName, caseNumber);
        var rows = await logs.ReadAsync(new LogId(grainId.Type, grainId.Key), 0, cancellationToken: cancellationToken);
        JournalSnapshot<CaseState>? snapshot;
        try
        {
            snapshot = await JournalSnapshot.ReadAsync(states, grainId, GrainsJsonContext.Default.CaseState, cancellationToken);
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
