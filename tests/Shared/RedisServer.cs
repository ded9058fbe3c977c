namespace Coordination.Testing;

/// <summary>
/// A real Redis on 127.0.0.1 and a free port, configured by the project's own deploy/redis.sh (password, AOF) in a
/// temporary folder; stopped and removed on dispose.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private RedisServer(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Password => File.ReadAllText(Path.Combine(Folder, "password")).Trim();

    /// <summary>The StackExchange.Redis configuration string the nodes get (<c>Cluster:Redis</c>).</summary>
    public string Configuration => $"127.0.0.1:{Port},password={Password}";

    public static async Task<RedisServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("coordination-redis-").FullName;
        var server = new RedisServer(folder, MosquittoBroker.FreePort());
        var (exitCode, output) = await LocalServerProcess.RunAsync(TimeSpan.FromSeconds(300), "bash", Path.Combine(MosquittoBroker.RepositoryRoot(), "deploy", "redis.sh"), "--dir", folder, "--port", server.Port.ToString());
        return exitCode == 0 ? server : throw new InvalidOperationException($"deploy/redis.sh failed: {output}");
    }

    public async ValueTask DisposeAsync()
    {
        await LocalServerProcess.KillAsync(Path.Combine(Folder, "redis.pid"));
        Directory.Delete(Folder, recursive: true);
    }
}
