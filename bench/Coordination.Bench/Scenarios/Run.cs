namespace Coordination.Bench.Scenarios;

/// <summary>One timed run of a write scenario: writes per second and the latency percentiles of its writes.</summary>
internal readonly record struct Run(double Rate, double P50, double P99)
{
    public static Run None => new(0, 0, 0);

    public override string ToString() => $"{Rate:N0}/s (p50 {P50:N1} ms, p99 {P99:N1} ms)";
}
