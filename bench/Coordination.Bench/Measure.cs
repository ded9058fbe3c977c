using System.Diagnostics;

namespace Coordination.Bench;

internal static class Measure
{
    /// <summary>Runs <paramref name="work"/> (which performs <paramref name="operations"/> operations) and returns operations per second.</summary>
    public static async Task<double> RateAsync(long operations, Func<Task> work)
    {
        var elapsed = Stopwatch.StartNew();
        await work();
        return operations / elapsed.Elapsed.TotalSeconds;
    }

    /// <summary>The best of several runs: the least disturbed by the rest of the machine.</summary>
    public static async Task<double> BestRateAsync(int repetitions, long operations, Func<Task> work)
    {
        var best = 0.0;
        for (var i = 0; i < repetitions; i++)
        {
            best = Math.Max(best, await RateAsync(operations, work));
        }

        return best;
    }

    public static double Percentile(List<double> sortedValues, double percentile) =>
        sortedValues.Count == 0 ? 0 : sortedValues[Math.Min(sortedValues.Count - 1, (int)Math.Ceiling(percentile / 100 * sortedValues.Count) - 1)];

    public static void Report(string line) => Console.WriteLine(line);
}
