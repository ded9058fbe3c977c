namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>The CPU each of some processes used over one measured phase, as percent of one core.</summary>
internal sealed class CpuWindow
{
    private readonly List<(string Name, ProcessCpu Start)> _starts;

    private CpuWindow(IEnumerable<(string Name, int ProcessId)> processes) =>
        _starts = [.. processes.Select(p => (p.Name, ProcessCpu.Read(p.ProcessId)))];

    /// <summary>Takes the first reading of every process now.</summary>
    public static CpuWindow Open(IEnumerable<(string Name, int ProcessId)> processes) => new(processes);

    /// <summary>Each process's share of one core since <see cref="Open"/>, in the order given.</summary>
    public List<(string Name, double Percent)> Close() =>
        [.. _starts.Select(s => (s.Name, ProcessCpu.Read(s.Start.ProcessId).PercentOfOneCoreSince(s.Start)))];
}
