using Orleans.Runtime;

namespace Coordination.Grains.Devices.Bridge;

/// <summary>
/// The device bridge's slots, leased to the cluster's silos (one activation cluster-wide, keyed by the bridge's MQTT
/// client id). A slot is one persistent MQTT session (<c>{ClientId}-{slot}</c>) in the shared subscription; each active
/// silo holds its share, a dead silo's slots go to the survivors, and a slot moves from a living silo only after that
/// silo has said it let go (drained and disconnected). Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Devices.Bridge.IBridgeSlotsGrain")]
public interface IBridgeSlotsGrain : IGrainWithStringKey
{
    /// <summary>
    /// <paramref name="silo"/> says which of the <paramref name="slots"/> it holds now (connections running or
    /// draining) and learns which it should hold: it starts the ones given that it does not hold yet and lets go of
    /// the ones it holds that are not given, before it calls again. A slot reported as held that nobody else holds is
    /// adopted (the lease state is kept in grain storage, so this happens only after it was lost). Throws
    /// <see cref="ArgumentException"/> when <paramref name="slots"/> differs from the count the living holders use.
    /// </summary>
    [Alias("Hold")]
    Task<int[]> Hold(SiloAddress silo, int slots, int[] held);

    /// <summary><paramref name="silo"/> holds no slot any more (its bridge stopped): its slots go to the others at once, without waiting for membership to declare it dead.</summary>
    [Alias("Leave")]
    Task Leave(SiloAddress silo);
}
