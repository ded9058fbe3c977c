using Coordination.Grains.Courts;

namespace Coordination.Grains.Hosting;

/// <summary>The deployment's courts, bound from the configuration root (the <c>Courts</c> list).</summary>
public sealed class DeploymentOptions
{
    /// <summary>The courts this node serves. At least one.</summary>
    public List<CourtOptions> Courts { get; set; } = [];
}
