using Coordination.Grains.Devices;

namespace Coordination.Grains.FieldTeams;

/// <summary>A team's stored state. Positions are not stored: only what changes the record or raises alerts.</summary>
public sealed class FieldTeamState
{
    /// <summary>The team; null until configured.</summary>
    public FieldTeamSetup? Setup { get; set; }

    /// <summary>The current operation, if any.</summary>
    public FieldOperation? Operation { get; set; }

    /// <summary>Operations dispatched so far (numbers the next one).</summary>
    public int Operations { get; set; }

    /// <summary>Whether the team is at the current operation's site.</summary>
    public bool OnSite { get; set; }

    /// <summary>Arrivals at the current operation's site so far.</summary>
    public int Visits { get; set; }

    /// <summary>Each body camera's last reported recording state.</summary>
    public Dictionary<string, bool> Recording { get; set; } = [];

    /// <summary>A not-recording alert went out for this visit.</summary>
    public bool NotRecordingAlerted { get; set; }

    /// <summary>Evidence that arrived while the team had no operation: kept here for a judge to file.</summary>
    public List<EvidenceFile> UnfiledEvidence { get; set; } = [];
}
