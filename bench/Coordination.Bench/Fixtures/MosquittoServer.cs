using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coordination.DeviceBridge.Mqtt.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Bench.Fixtures;

/// <summary>
/// A mosquitto of its own for a scenario: deploy/mosquitto.sh (the production configuration: passwords, ACL,
/// persistence) in a temporary folder on a free loopback port; stopped and removed on dispose.
/// </summary>
internal sealed class MosquittoServer : IAsyncDisposable
{
    private MosquittoServer(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string BridgePassword => Credential("bridge");

    public string SimulatorPassword => Credential("simulator");

    public static async Task<MosquittoServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("coordination-bench-mosquitto-").FullName;
        var server = new MosquittoServer(folder, FreePort());
        var script = Path.Combine(RepositoryRoot(), "deploy", "mosquitto.sh");
        using var setup = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { script, "--dir", folder, "--port", server.Port.ToString() } })!;
        await setup.WaitForExitAsync();
        if (setup.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/mosquitto.sh exited with {setup.ExitCode}.");
        }

        return server;
    }

    /// <summary>Our own client (the device side of the scenario), clean session, connected.</summary>
    public async Task<MqttClient> ConnectAsync(string clientId, string username, string password)
    {
        var options = new MqttClientOptions { Port = Port, ClientId = clientId, Username = username, Password = password, CleanSession = true };
        var client = new MqttClient(options, static (_, _) => ValueTask.CompletedTask, TimeProvider.System, NullLogger<MqttClient>.Instance);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>Starts mosquitto_sub (QoS 1, clean session) on <paramref name="filter"/>; each message's payload is one line of its standard output.</summary>
    public Process StartMosquittoSub(string clientId, string filter) => Process.Start(new ProcessStartInfo("mosquitto_sub")
    {
        ArgumentList = { "-h", "127.0.0.1", "-p", Port.ToString(), "-u", "bridge", "-P", BridgePassword, "-i", clientId, "-q", "1", "-t", filter },
        RedirectStandardOutput = true,
    })!;

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(Folder, "mosquitto.pid");
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
            }
        }

        Directory.Delete(Folder, recursive: true);
    }

    private string Credential(string user) => File.ReadAllText(Path.Combine(Folder, "credentials", user)).Trim();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Coordination.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Coordination.sln not found above the benchmark's folder.");
    }
}
