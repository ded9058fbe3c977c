using System.Diagnostics;

namespace Coordination.Testing;

/// <summary>What the test servers started by the deploy scripts (mosquitto, Redis) share: running a command, and killing a daemon by its pid file.</summary>
internal static class LocalServerProcess
{
    /// <summary>Runs <paramref name="file"/> to its end (at most <paramref name="limit"/>); returns its exit code and its output and errors.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan limit, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(patience.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Kills the daemon whose pid <paramref name="pidFile"/> holds, if it still runs, and waits for it to exit.</summary>
    public static async Task KillAsync(string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }
    }
}
