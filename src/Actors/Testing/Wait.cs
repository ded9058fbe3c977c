using System.Diagnostics;

namespace Coordination.Actors.Testing;

/// <summary>Waits for a condition that other threads make true, with a real-time limit.</summary>
public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/> (default 10 s).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(5);
        }
    }
}
