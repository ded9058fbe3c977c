using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>A team's stored state. Positions are not stored: only what changes the record or raises alerts.</summary>
[GenerateSerializer, Alias("Coordination.Grains.FieldTeams.FieldTeamState")]
public sealed class FieldTeamState
{
    /// <summary>The team; null until configured.</summary>
    [Id(0)]
    public FieldTeamSetup? Setup { get; set; }

    /// <summary>The current operation, if any.</summary>
    [Id(1)]
    public FieldOperation? Operation { get; set; }

    /// <summary>Operations dispatched so far (numbers the next one).</summary>
    [Id(2)]
    public int Operations { get; set; }

    /// <summary>Whether the team is at the current operation's site.</summary>
    [Id(3)]
    public bool OnSite { get; set; }

    /// <summary>Arrivals at the current operation's site so far.</summary>
    [Id(4)]
    public int Visits { get; set; }

    /// <summary>Each body camera's last reported recording state.</summary>
    [Id(5)]
    public Dictionary<string, bool> Recording { get; set; } = [];

    /// <summary>A not-recording alert went out for this visit.</summary>
    [Id(6)]
    public bool NotRecordingAlerted { get; set; }

    /// <summary>Evidence that arrived while the team had no operation: kept here for a judge to file.</summary>
    [Id(7)]
    public List<EvidenceFile> UnfiledEvidence { get; set; } = [];
}
