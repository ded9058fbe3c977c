using System.Text.Json;
using Coordination.Actors;
using Coordination.Actors.Logs;
using Coordination.Actors.Storage;

namespace Coordination.Grains.Cases;

/// <summary>Verifies a case record straight from the database, for the command-line verb (no running node needed).</summary>
public static class StoredRecordVerifier
{
    /// <summary>Checks the stored record of <paramref name="caseNumber"/> against the head its last snapshot confirmed.</summary>
    /// <exception cref="CaseNotFoundException">Nothing is stored for the case.</exception>
    public static async Task<RecordVerification> VerifyAsync(ILogStorage logs, IGrainStorage states, string caseNumber, CancellationToken cancellationToken = default)
    {
        const string grainType = CaseGrain.GrainTypeName;
        var rows = await logs.ReadAsync(new LogId(grainType, caseNumber), 0, cancellationToken: cancellationToken);
        var snapshot = await states.ReadAsync(new GrainStateKey(grainType, caseNumber, "journal-snapshot"), cancellationToken);
        if (rows.Count == 0 && snapshot?.Json is null)
        {
            throw new CaseNotFoundException(caseNumber);
        }

        long confirmedLength = 0;
        string? confirmedHead = null;
        if (snapshot?.Json is { } json)
        {
            using var document = JsonDocument.Parse(json);
            confirmedLength = document.RootElement.GetProperty("version").GetInt64();
            confirmedHead = document.RootElement.GetProperty("state").GetProperty("lastHash").GetString();
        }

        return CaseRecordVerifier.Verify(caseNumber, rows, confirmedLength, confirmedHead);
    }
}
