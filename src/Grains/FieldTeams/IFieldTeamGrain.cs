using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>
/// A field team, keyed by team id. Its devices' positions go to the court's positions stream; arrival at and departure
/// from the current operation's site, and body-camera evidence, are written to the case record (each once, even if a
/// report is delivered again); a body camera not recording on site raises an alert. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.FieldTeams.IFieldTeamGrain")]
public interface IFieldTeamGrain : IGrainWithStringKey
{
    /// <summary>Sets the team's court, name, members and devices; repeating the same setup changes nothing.</summary>
    [Alias("Configure")]
    Task Configure(FieldTeamSetup setup);

    /// <summary>Sends the team to a site for a case of its court, replacing any current operation. Fails with <see cref="Validation.InputValidationException"/> on bad input.</summary>
    [Alias("Dispatch")]
    Task<FieldTeamView> Dispatch(OperationOrder order, string actor);

    /// <summary>Ends the current operation (no-op without one).</summary>
    [Alias("EndOperation")]
    Task<FieldTeamView> EndOperation(string actor);

    /// <summary>
    /// A position from one of the team's devices. A <paramref name="late"/> fix (older than one the device already
    /// reported) goes on the positions stream, marked late, for the trail; it neither moves the team's last position nor
    /// records arrival or departure.
    /// </summary>
    [Alias("ReportPosition")]
    Task ReportPosition(string deviceId, GpsFix fix, bool late);

    /// <summary>A status from one of the team's body cameras.</summary>
    [Alias("ReportBodyCam")]
    Task ReportBodyCam(string deviceId, BodyCamStatus status);

    /// <summary>A recording from one of the team's body cameras.</summary>
    [Alias("RecordEvidence")]
    Task RecordEvidence(string deviceId, EvidenceReport evidence);

    /// <summary>The team now. Fails with <see cref="FieldTeamNotFoundException"/> if it was never configured.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<FieldTeamView> Get();
}

/// <summary>A team as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.FieldTeams.FieldTeamView")]
public sealed record FieldTeamView([Id(0)] string TeamId, [Id(1)] FieldTeamSetup Setup, [Id(2)] FieldOperation? Operation, [Id(3)] bool OnSite, [Id(4)] TeamPosition? LastPosition, [Id(5)] IReadOnlyList<EvidenceFile> UnfiledEvidence);

/// <summary>No team is configured under the id.</summary>
public sealed class FieldTeamNotFoundException(string teamId) : Exception($"No field team '{teamId}' is configured.");
