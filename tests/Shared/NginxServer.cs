namespace Coordination.Testing;

/// <summary>
/// A real nginx on 127.0.0.1 and a free port in front of the given nodes, configured by the project's own
/// deploy/nginx.sh (round robin, SSE unbuffered, retries on the next node) in a temporary folder; stopped and removed
/// on dispose.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private NginxServer(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Starts nginx in front of the nodes listening on <paramref name="nodePorts"/> (HTTP on 127.0.0.1).</summary>
    public static async Task<NginxServer> StartAsync(params int[] nodePorts)
    {
        var folder = Directory.CreateTempSubdirectory("coordination-nginx-").FullName;
        var server = new NginxServer(folder, MosquittoBroker.FreePort());
        string[] nodes = [.. nodePorts.SelectMany(port => new[] { "--node", $"127.0.0.1:{port}" })];
        var (exitCode, output) = await LocalServerProcess.RunAsync(TimeSpan.FromSeconds(300), "bash",
            [Path.Combine(MosquittoBroker.RepositoryRoot(), "deploy", "nginx.sh"), "--dir", folder, "--port", server.Port.ToString(), .. nodes]);
        return exitCode == 0 ? server : throw new InvalidOperationException($"deploy/nginx.sh failed: {output}");
    }

    /// <summary>nginx's own log of the connections it could not make or keep (for failure messages).</summary>
    public string ErrorLog => File.Exists(Path.Combine(Folder, "error.log")) ? File.ReadAllText(Path.Combine(Folder, "error.log")) : "";

    /// <summary>Stops nginx with SIGTERM (a SIGKILL of the master would leave its worker serving the port) and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(Folder, "nginx.pid");
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
        {
            try
            {
                using var master = System.Diagnostics.Process.GetProcessById(pid);
                await LocalServerProcess.RunAsync(TimeSpan.FromSeconds(10), "kill", "-TERM", pid.ToString());
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await master.WaitForExitAsync(patience.Token);
            }
            catch (ArgumentException)
            {
                // already gone
            }
        }

        Directory.Delete(Folder, recursive: true);
    }
}
