using System.Globalization;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Simulation;
using Coordination.Grains.Hosting;
using MQTTnet;
using MQTTnet.Exceptions;

namespace Coordination.Silo.Commands;

/// <summary>
/// <c>simulate</c>: publishes as the configured field teams' devices, with the broker settings of <c>DeviceBridge</c>
/// and the <c>simulator</c> user of deploy/mosquitto.sh (<c>--username</c>, <c>--password-file</c> to change them).
/// </summary>
internal static class SimulatorCommand
{
    public static async Task<int> RunAsync(IConfiguration configuration)
    {
        var bridge = configuration.GetSection(DeviceBridgeOptions.SectionName).Get<DeviceBridgeOptions>() ?? new DeviceBridgeOptions();
        var teams = (configuration.Get<DeploymentOptions>() ?? new DeploymentOptions()).FieldTeams;
        var passwordFile = configuration["password-file"] ?? "data/mosquitto/credentials/simulator";
        if (!File.Exists(passwordFile))
        {
            await Console.Error.WriteLineAsync($"simulate: no password file at {Path.GetFullPath(passwordFile)}; run deploy/mosquitto.sh first.");
            return 2;
        }

        var options = new SimulatorOptions
        {
            Teams = configuration["teams"] is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : null,
            Rate = configuration["rate"] is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : 10,
            Duration = configuration["duration"] is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : null,
            MalformedEvery = configuration["malformed-every"] is { } every ? int.Parse(every, CultureInfo.InvariantCulture) : 200,
        };
        var mqtt = new MqttClientOptionsBuilder()
            .WithTcpServer(bridge.Host, bridge.Port)
            .WithClientId($"coordination-simulator-{Environment.ProcessId}")
            .WithCredentials(configuration["username"] ?? "simulator", (await File.ReadAllTextAsync(passwordFile)).Trim())
            .WithCleanStart()
            .Build();
        var simulator = new DeviceSimulator(options, teams, mqtt, TimeProvider.System, Console.Out);
        try
        {
            (await simulator.ConnectAsync(CancellationToken.None)).Dispose();
        }
        catch (Exception exception) when (exception is MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"simulate: cannot connect to mosquitto at {bridge.Host}:{bridge.Port} ({exception.Message}).");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await Console.Out.WriteLineAsync($"simulate: publishing to {bridge.Host}:{bridge.Port} at {options.Rate} messages/s; Ctrl+C stops");
        await simulator.RunAsync(stop.Token);
        return 0;
    }
}
