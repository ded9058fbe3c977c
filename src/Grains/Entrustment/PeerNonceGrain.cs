using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Entrustment;

/// <summary>
/// The nonces a peer used recently (keyed by peer id), kept for twice the accepted clock skew: within that time a
/// request whose nonce was seen is a replay. Stored, so a restart does not open a window for replays.
/// </summary>
[Alias("Coordination.Grains.Entrustment.IPeerNonceGrain")]
public interface IPeerNonceGrain : IGrainWithStringKey
{
    /// <summary>True the first time a nonce is used; false if it was seen within the window.</summary>
    [Alias("TryUse")]
    Task<bool> TryUse(string nonce);
}

/// <summary>Recent nonces' stored state.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Entrustment.PeerNonceState")]
public sealed class PeerNonceState
{
    /// <summary>Nonce and when it was first seen.</summary>
    [Id(0)]
    public Dictionary<string, DateTimeOffset> Seen { get; set; } = [];
}

/// <inheritdoc cref="IPeerNonceGrain" />
[GrainType("peer-nonces")]
public sealed class PeerNonceGrain([PersistentState("peer-nonces")] IPersistentState<PeerNonceState> state) : CoordinationGrain, IPeerNonceGrain
{
    /// <summary>Requests older or newer than this (against the node's clock) are refused before the nonce is looked at.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public async Task<bool> TryUse(string nonce)
    {
        var now = TimeProvider.GetUtcNow();
        var seen = state.State.Seen;
        foreach (var old in seen.Where(n => now - n.Value > 2 * MaxSkew).Select(n => n.Key).ToList())
        {
            seen.Remove(old);
        }

        if (!seen.TryAdd(nonce, now))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }
}
