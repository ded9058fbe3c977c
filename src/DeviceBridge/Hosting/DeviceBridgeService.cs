using Orleans;
using Coordination.DeviceBridge.Mqtt.Client;
using Coordination.DeviceBridge.Mqtt.Packets;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>
/// Runs the bridge inside the node: one MQTT session (clean-session false, so the broker queues while the node is
/// down) subscribed to every device topic, each message handed to <see cref="TelemetryHandler"/>. It starts after the
/// grain runtime and stops before it: on shutdown, messages being handled finish and are acknowledged first.
/// </summary>
public sealed class DeviceBridgeService : IHostedService, IAsyncDisposable
{
    private readonly DeviceBridgeOptions _options;
    private readonly BridgeCounters _counters;
    private readonly MqttClient? _client;

    /// <summary>Builds the bridge from its options.</summary>
    public DeviceBridgeService(
        IOptions<DeviceBridgeOptions> options, IClusterClient grains, DeviceDirectory devices, BridgeCounters counters, DeadLetterLog log, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _counters = counters;
        if (!_options.Enabled)
        {
            return;
        }

        var handler = new TelemetryHandler(grains, devices, _options, counters, log, time,
            (topic, payload) => _client!.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce));
        var client = new MqttClientOptions
        {
            Host = _options.Host,
            Port = _options.Port,
            ClientId = _options.ClientId,
            Username = _options.Username,
            Password = DeviceBridgeOptionsValidator.PasswordOf(_options),
            KeepAlive = _options.KeepAlive,
            CleanSession = false,
            MaxPendingDeliveries = _options.MaxPendingDeliveries,
        };
        var filter = string.IsNullOrEmpty(_options.SharedGroup) ? TelemetryTopic.Filter : $"$share/{_options.SharedGroup}/{TelemetryTopic.Filter}";
        client.Subscriptions.Add(new MqttSubscription(filter, MqttQualityOfService.AtLeastOnce));
        _client = new MqttClient(client, handler.HandleAsync, time, loggers.CreateLogger<MqttClient>());
    }

    /// <summary>The bridge now.</summary>
    public DeviceBridgeStatus Status
    {
        get
        {
            var mqtt = _client?.Status;
            return new DeviceBridgeStatus(_options.Enabled, mqtt?.Connected == true, $"{_options.Host}:{_options.Port}", mqtt?.LastError, mqtt?.Received ?? 0,
                _counters.Accepted, _counters.Duplicates, _counters.DeadLetters);
        }
    }

    /// <summary>Sends a command to a device on <c>devices/{id}/commands</c> at QoS 1; completes when the broker has it.</summary>
    public Task SendCommandAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        _client is null
            ? throw new InvalidOperationException("The device bridge is disabled (DeviceBridge:Enabled=false).")
            : _client.PublishAsync($"devices/{deviceId}/commands", payload, MqttQualityOfService.AtLeastOnce, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _client?.StartAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _client?.DisconnectAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client?.DisposeAsync() ?? ValueTask.CompletedTask;
}
