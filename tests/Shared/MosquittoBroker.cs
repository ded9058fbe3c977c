using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

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
        await LocalServerProcess.KillAsync(Path.Combine(Folder, "mosquitto.pid"));
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>
    /// Connects an MQTTnet client as the simulator user (clean start), subscribed at QoS 1 to <paramref name="subscribe"/>
    /// if given, each message handed to <paramref name="received"/> (acknowledged after it returns).
    /// </summary>
    public async Task<IMqttClient> ConnectAsSimulatorAsync(string clientId, Func<MqttApplicationMessage, Task>? received = null, string? subscribe = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        if (received is not null)
        {
            client.ApplicationMessageReceivedAsync += e => received(e.ApplicationMessage);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(SimulatorOptions(clientId), timeout.Token);
        if (subscribe is not null)
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(subscribe, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        }

        return client;
    }

    /// <summary>MQTTnet options of a clean-start client of the simulator user.</summary>
    public MqttClientOptions SimulatorOptions(string clientId) =>
        new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId(clientId).WithCredentials("simulator", SimulatorPassword).WithCleanStart().Build();

    /// <summary>Stops mosquitto cleanly (SIGTERM: it writes its persistence file, so queued messages and sessions survive).</summary>
    public async Task StopAsync()
    {
        var pidFile = Path.Combine(Folder, "mosquitto.pid");
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                await RunAsync("kill", "-TERM", pid.ToString());
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (ArgumentException)
            {
            }

            File.Delete(pidFile);
        }
    }

    /// <summary>Starts mosquitto again on the same folder and port (after <see cref="StopAsync"/>).</summary>
    public async Task StartAgainAsync()
    {
        var (exitCode, output) = await RunAsync("bash", Path.Combine(RepositoryRoot(), "deploy", "mosquitto.sh"), "--dir", Folder, "--port", Port.ToString());
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"deploy/mosquitto.sh failed: {output}");
        }
    }

    public static int FreePort() => Coordination.Testing.FreePort.Next();

    private static Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments) =>
        LocalServerProcess.RunAsync(TimeSpan.FromSeconds(120), file, arguments);
}

/// <summary>QoS 1 publishing for tests and benchmarks.</summary>
internal static class MqttTestPublishing
{
    /// <summary>Publishes <paramref name="payload"/> at QoS 1; completes at the broker's PUBACK.</summary>
    public static Task<MqttClientPublishResult> PublishQos1Async(this IMqttClient client, string topic, byte[] payload, CancellationToken cancellationToken = default) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
}
