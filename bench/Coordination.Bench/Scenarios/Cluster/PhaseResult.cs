namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>One measured phase: its kind (<c>http</c> or <c>telemetry</c>), the node count, its rate and each process's CPU (percent of one core).</summary>
internal sealed record PhaseResult(string Kind, int Nodes, double Rate, List<(string Name, double Percent)> Cpu)
{
    public long Errors { get; init; }

    public double FiledPerSecond { get; init; }

    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    /// <summary>Adds the phase's fields: e.g. <c>http_3_nodes_per_s</c>, <c>telemetry_1_node_msg_per_s</c>, <c>http_3_nodes_cpu_node_2_pct</c>.</summary>
    public void AddTo(BenchResult result)
    {
        var prefix = $"{Kind}_{Nodes}_{(Nodes == 1 ? "node" : "nodes")}";
        result.With(Kind == "http" ? $"{prefix}_per_s" : $"{prefix}_msg_per_s", Rate);
        if (Kind == "http")
        {
            result.With($"{prefix}_filings_per_s", FiledPerSecond).With($"{prefix}_p50_ms", P50Ms).With($"{prefix}_p99_ms", P99Ms).With($"{prefix}_errors", Errors);
        }

        foreach (var (name, percent) in Cpu)
        {
            result.With($"{prefix}_cpu_{name.Replace('-', '_')}_pct", percent);
        }
    }
}
