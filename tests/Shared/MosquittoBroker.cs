using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Coordination.DeviceBridge.Mqtt.Client;
using Coordination.DeviceBridge.Mqtt.Packets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coordination.Testing;

/// <summary>
/// A real mosquitto on 127.0.0.1 and a free port, configured by the project's own deploy/mosquitto.sh (password file,
/// ACL, persistence) in a temporary folder; stopped and removed on dispose. One source file, linked into the test
/// projects and the benchmarks.
/// </summary>
internal sealed class MosquittoBroker : IAsyncDisposable
{
    private MosquittoBroker(string folder, int port)
    {
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string BridgePasswordFile => Path.Combine(Folder, "credentials", "bridge");

    public string BridgePassword => File.ReadAllText(BridgePasswordFile).Trim();

    public string SimulatorPassword => File.ReadAllText(Path.Combine(Folder, "credentials", "simulator")).Trim();

    public static async Task<MosquittoBroker> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("coordination-mosquitto-").FullName;
        var broker = new MosquittoBroker(folder, FreePort());
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "deploy", "mosquitto.sh"), "--dir", folder, "--port", broker.Port.ToString());
        return exitCode == 0 ? broker : throw new InvalidOperationException($"deploy/mosquitto.sh failed: {output}");
    }

    /// <summary>Publishes with mosquitto_pub (a client nobody here wrote) as the simulator user, at QoS 1.</summary>
    public async Task PublishWithMosquittoPubAsync(string topic, string message)
    {
        var (exitCode, output) = await RunAsync("mosquitto_pub", "-h", "127.0.0.1", "-p", Port.ToString(), "-u", "simulator", "-P", SimulatorPassword, "-q", "1", "-t", topic, "-m", message);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub failed: {output}");
        }
    }

    /// <summary>Publishes <paramref name="payload"/> byte for byte (any bytes, or none) with mosquitto_pub as the simulator user, at QoS 1.</summary>
    public async Task PublishWithMosquittoPubAsync(string topic, byte[] payload)
    {
        var file = Path.Combine(Folder, $"payload-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(file, payload);
        try
        {
            string[] message = payload.Length == 0 ? ["-n"] : ["-f", file];
            var (exitCode, output) = await RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port.ToString(), "-u", "simulator", "-P", SimulatorPassword, "-q", "1", "-t", topic, .. message]);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_pub failed: {output}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Starts mosquitto_sub (QoS 1, clean session) as the bridge user on <paramref name="filter"/>; each payload is one line of its output.</summary>
    public Process StartMosquittoSub(string clientId, string filter) => Process.Start(new ProcessStartInfo("mosquitto_sub")
    {
        ArgumentList = { "-h", "127.0.0.1", "-p", Port.ToString(), "-u", "bridge", "-P", BridgePassword, "-i", clientId, "-q", "1", "-t", filter },
        RedirectStandardOutput = true,
    })!;

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Coordination.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Coordination.sln not found above the running assembly's folder.");
    }

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

    /// <summary>Connects our own client as the simulator user (clean session), subscribed to <paramref name="subscribe"/> if given.</summary>
    public async Task<MqttClient> ConnectAsSimulatorAsync(string clientId, MqttMessageHandler? handler = null, string? subscribe = null)
    {
        var options = new MqttClientOptions { Port = Port, ClientId = clientId, Username = "simulator", Password = SimulatorPassword, CleanSession = true };
        if (subscribe is not null)
        {
            options.Subscriptions.Add(new MqttSubscription(subscribe, MqttQualityOfService.AtLeastOnce));
        }

        var client = new MqttClient(options, handler ?? (static (_, _) => ValueTask.CompletedTask), TimeProvider.System, NullLogger<MqttClient>.Instance);
        await client.StartAsync();
        await client.WaitUntilConnectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await error);
    }
}
