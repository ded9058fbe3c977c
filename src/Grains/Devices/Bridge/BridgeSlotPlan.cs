using Orleans.Runtime;

namespace Coordination.Grains.Devices.Bridge;

/// <summary>
/// The lease rules, apart from the grain so that they can be tested alone. A slot is free only when its holder is dead
/// (or unknown to membership), left, or said it no longer holds it; a free slot goes to an active silo below its share.
/// Shares: the slots split evenly over the active silos in address order, the first ones getting one more when they do
/// not divide. A silo above its share is asked to let go of its highest slots.
/// </summary>
public static class BridgeSlotPlan
{
    /// <summary>
    /// Updates <paramref name="state"/> for a call of <paramref name="caller"/> reporting <paramref name="held"/> and
    /// returns the slots the caller should hold; <paramref name="changed"/> says whether the state must be written.
    /// </summary>
    public static int[] Hold(BridgeSlotsState state, SiloAddress caller, int slots, IReadOnlyCollection<int> held, ClusterMembershipSnapshot membership, out bool changed)
    {
        changed = FreeSlotsOfGoneSilos(state, caller, membership);
        if (state.Slots != slots)
        {
            if (state.Holders.Count > 0)
            {
                throw new ArgumentException(
                    $"DeviceBridge:Slots is {slots} on this node but {state.Slots} on the nodes holding bridge slots now; set the same value on every node.", nameof(slots));
            }

            state.Slots = slots;
            changed = true;
        }

        foreach (var slot in held.Where(s => s >= 0 && s < slots && !state.Holders.ContainsKey(s)))
        {
            state.Holders[slot] = caller;
            changed = true;
        }

        foreach (var slot in state.Holders.Where(h => h.Value.Equals(caller) && !held.Contains(h.Key)).Select(h => h.Key).ToList())
        {
            state.Holders.Remove(slot);
            changed = true;
        }

        var share = ShareOf(caller, slots, membership);
        var mine = state.Holders.Where(h => h.Value.Equals(caller)).Select(h => h.Key).Order().ToList();
        for (var slot = 0; slot < slots && mine.Count < share; slot++)
        {
            if (state.Holders.TryAdd(slot, caller))
            {
                mine.Add(slot);
                changed = true;
            }
        }

        return [.. mine.Order().Take(share)];
    }

    /// <summary>Frees every slot of <paramref name="silo"/>; says whether it held any.</summary>
    public static bool Leave(BridgeSlotsState state, SiloAddress silo)
    {
        var slots = state.Holders.Where(h => h.Value.Equals(silo)).Select(h => h.Key).ToList();
        slots.ForEach(s => state.Holders.Remove(s));
        return slots.Count > 0;
    }

    /// <summary>The caller's share: 0 unless membership counts it active.</summary>
    public static int ShareOf(SiloAddress silo, int slots, ClusterMembershipSnapshot membership)
    {
        var active = membership.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).Order().ToList();
        var index = active.IndexOf(silo);
        return index < 0 ? 0 : (slots / active.Count) + (index < slots % active.Count ? 1 : 0);
    }

    /// <summary>A holder that membership does not know or counts dead holds nothing any more (its process is gone, or will stop itself).</summary>
    private static bool FreeSlotsOfGoneSilos(BridgeSlotsState state, SiloAddress caller, ClusterMembershipSnapshot membership)
    {
        var gone = state.Holders.Where(h => !h.Value.Equals(caller) && membership.GetSiloStatus(h.Value) is SiloStatus.Dead or SiloStatus.None).Select(h => h.Key).ToList();
        gone.ForEach(s => state.Holders.Remove(s));
        return gone.Count > 0;
    }
}
