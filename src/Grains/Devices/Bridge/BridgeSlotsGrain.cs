using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Devices.Bridge;

/// <inheritdoc cref="IBridgeSlotsGrain" />
[GrainType("bridge-slots")]
public sealed class BridgeSlotsGrain(
    [PersistentState("slots")] IPersistentState<BridgeSlotsState> state, IClusterMembershipService membership) : CoordinationGrain, IBridgeSlotsGrain
{
    /// <inheritdoc />
    public async Task<int[]> Hold(SiloAddress silo, int slots, int[] held)
    {
        var granted = BridgeSlotPlan.Hold(state.State, silo, slots, held, membership.CurrentSnapshot, out var changed);
        if (changed)
        {
            // Written before the answer: a slot is never given out by a later activation that has not seen it leased.
            await state.WriteStateAsync();
        }

        return granted;
    }

    /// <inheritdoc />
    public async Task Leave(SiloAddress silo)
    {
        if (BridgeSlotPlan.Leave(state.State, silo))
        {
            await state.WriteStateAsync();
        }
    }
}
