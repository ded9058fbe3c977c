using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Coordination.Silo.Runtime;

/// <summary>
/// On a graceful stop, holds the silo for <see cref="NodeClusterOptions.StopForwardingDrain"/> after its grains are
/// deactivated and before it starts refusing grain calls, so that the other nodes' stale directory entries are
/// corrected by forwarded calls instead of by refused ones.
/// </summary>
/// <remarks>
/// <para>
/// Orleans stops a silo's lifecycle in reverse stage order: at <see cref="ServiceLifecycleStage.BecomeActive"/> it
/// writes ShuttingDown to the membership, at <see cref="ServiceLifecycleStage.GrainDeactivation"/> it deactivates every
/// grain, at <see cref="ServiceLifecycleStage.RuntimeServices"/> it blocks application messages, and at
/// <c>RuntimeInitialize + 1</c> it writes itself Dead. The other silos' directory caches drop an entry only when its
/// silo is Dead (ShuttingDown takes the silo out of the directory's ring and out of placement, not out of the cache).
/// A call they send on a stale entry is forwarded while the stopping silo still accepts messages (it has no activation,
/// so it re-addresses the call to a running silo and the answer carries a cache-invalidation header that corrects the
/// caller's entry), but between the block and the moment they learn Dead it is refused ("Silo stopping"), and Orleans
/// does not send a refused call again: the HTTP request that made it fails.
/// </para>
/// <para>
/// The wait runs at <see cref="Stage"/>, which stops after the deactivation and the directory's shutdown (stages just
/// below <see cref="ServiceLifecycleStage.BecomeActive"/>) and before the block, while the silo's membership and
/// placement services (<see cref="ServiceLifecycleStage.RuntimeGrainServices"/>) still run. Meanwhile the other nodes
/// remove their cache entries for this silo (<see cref="LeavingSiloCacheEviction"/>), and a call made on one before that
/// is forwarded, its answer correcting the caller's entry; only calls sent after the wait can meet the block. It is skipped
/// when no other silo is active (nobody holds an entry to correct) and ends at once when the host's shutdown timeout
/// cancels the stop.
/// </para>
/// </remarks>
internal sealed class StopForwardingDrain(TimeSpan drain, Func<int> otherActiveSilos, TimeProvider time, ILogger<StopForwardingDrain> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// The lifecycle stage the wait stops at: <see cref="ServiceLifecycleStage.ApplicationServices"/> (10000), below the
    /// grain deactivation (19998) and the directory's shutdown (19997), above the membership table's and placement's
    /// services (8000) and the block of application messages (4000).
    /// </summary>
    public const int Stage = ServiceLifecycleStage.ApplicationServices;

    /// <summary>The drain of the node's silo, with its setting from <see cref="NodeClusterOptions"/> and the silo's membership.</summary>
    public static StopForwardingDrain Create(IServiceProvider services)
    {
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var local = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        return new(
            services.GetRequiredService<IOptions<NodeClusterOptions>>().Value.StopForwardingDrain,
            () => membership.CurrentSnapshot.Members.Count(member => member.Value.Status == SiloStatus.Active && !member.Key.Equals(local)),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<StopForwardingDrain>>());
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StopForwardingDrain), Stage, _ => Task.CompletedTask, DrainAsync);

    /// <summary>Waits out the drain, unless it is zero, no other silo is active, or <paramref name="cancellationToken"/> (the host's shutdown timeout) ends it.</summary>
    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (drain <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var others = otherActiveSilos();
        if (others == 0)
        {
            return;
        }

        logger.LogInformation("Stopping: grains deactivated; forwarding the {Silos} other silo(s)' calls for {Seconds} s before refusing them", others, drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: the rest of the stop needs what is left of it.
        }
    }
}
