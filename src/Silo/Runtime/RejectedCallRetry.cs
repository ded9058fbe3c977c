using Coordination.Grains.Cases;
using Orleans.Runtime;

namespace Coordination.Silo.Runtime;

/// <summary>
/// Sends a call to one of our grains again when Orleans rejected it before it ran (<see cref="OrleansMessageRejectionException"/>):
/// the silo it went to was stopping, or the grain's address was stale. The rejection has already dropped the cached
/// address, so the next try finds the grain where it lives now. After the last try the rejection reaches the caller
/// (a 503 at the gateway). A call that may have run (a timeout, a silo lost while the call was out) is never sent again.
/// </summary>
internal sealed class RejectedCallRetry : IOutgoingGrainCallFilter
{
    /// <summary>The pauses before each new try: about 4 s in all, longer than a silo stopping gracefully here took to hand its grains on.</summary>
    internal static readonly TimeSpan[] Pauses = [.. new[] { 100, 250, 500, 1_000, 2_000 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod.DeclaringType?.Assembly != typeof(ICaseGrain).Assembly)
        {
            await context.Invoke(); // Orleans' own calls keep Orleans' own handling
            return;
        }

        foreach (var pause in Pauses)
        {
            try
            {
                await context.Invoke();
                return;
            }
            // A SiloUnavailableException is a rejection too, but also what a call gets whose silo was lost while it was out.
            catch (OrleansMessageRejectionException rejected) when (rejected is not SiloUnavailableException)
            {
            }

            // Messaging time, as Orleans' own membership and messaging: real even where grain timers run on a test clock.
            await Task.Delay(pause, TimeProvider.System);
        }

        await context.Invoke();
    }
}
