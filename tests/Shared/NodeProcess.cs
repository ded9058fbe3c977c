using System.Diagnostics;
using Coordination.Testing;

namespace Coordination.Testing;

/// <summary>Runs the real node executable in a temporary working folder.</summary>
internal static class NodeProcess
{
    /// <summary>Starts the node (HTTP on any free port, a free Orleans silo port, no bridge unless <paramref name="arguments"/> override them) and waits for it to exit.</summary>
    public static async Task<(int ExitCode, string StandardError)> RunToExitAsync(params string[] arguments)
    {
        var (exitCode, _, error) = await RunAsync(
            ["--urls=http://127.0.0.1:0", $"--Orleans:SiloPort={MosquittoBroker.FreePort()}", "--DeviceBridge:Enabled=false", .. arguments]);
        return (exitCode, error);
    }

    /// <summary>Runs the executable with exactly <paramref name="arguments"/>; returns exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("coordination-silo-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Coordination.Silo.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(limit.Token);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
