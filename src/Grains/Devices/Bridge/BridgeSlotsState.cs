using Orleans.Runtime;

namespace Coordination.Grains.Devices.Bridge;

/// <summary>Who holds which bridge slot.</summary>
[GenerateSerializer]
[Alias("Coordination.Grains.Devices.Bridge.BridgeSlotsState")]
public sealed class BridgeSlotsState
{
    /// <summary>How many slots the cluster's bridges use (0 before the first call).</summary>
    [Id(0)]
    public int Slots { get; set; }

    /// <summary>Slot → the silo holding it; a slot missing here is free.</summary>
    [Id(1)]
    public Dictionary<int, SiloAddress> Holders { get; set; } = [];
}
