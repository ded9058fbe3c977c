using System.Diagnostics;
using System.Globalization;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// CPU time of one process from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks of 1/100 s): a reading now,
/// and the share of one core it used between two readings.
/// </summary>
internal readonly record struct ProcessCpu(int ProcessId, long Ticks, long At)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The process's CPU time so far; 0 ticks if it is gone.</summary>
    public static ProcessCpu Read(int processId) => new(processId, TicksOf(processId), Stopwatch.GetTimestamp());

    /// <summary>Percent of one core the process used from <paramref name="earlier"/> to this reading.</summary>
    public double PercentOfOneCoreSince(ProcessCpu earlier)
    {
        var seconds = Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
        return seconds <= 0 ? 0 : (Ticks - earlier.Ticks) / TicksPerSecond / seconds * 100;
    }

    /// <summary>The node process started with <c>--Orleans:SiloPort=<paramref name="siloPort"/></c> (only the node's own run has that argument; its verbs do not).</summary>
    public static int FindNode(int siloPort)
    {
        var marker = $"--Orleans:SiloPort={siloPort.ToString(CultureInfo.InvariantCulture)}";
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (arguments.Contains(marker) && arguments.Any(a => a.EndsWith("Coordination.Silo.dll", StringComparison.Ordinal)))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // gone while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        throw new InvalidOperationException($"No node process with {marker} found.");
    }

    private static long TicksOf(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
