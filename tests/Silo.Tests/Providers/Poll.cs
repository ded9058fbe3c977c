using System.Diagnostics;

namespace Coordination.Silo.Tests.Providers;

/// <summary>Waits for something another process or thread makes true (a backend blocked on a lock), with a real-time limit.</summary>
internal static class Poll
{
    /// <summary>Asks <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/> (default 10 s).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
