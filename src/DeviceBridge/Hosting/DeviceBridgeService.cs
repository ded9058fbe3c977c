using System.Collections.Immutable;
using System.Text.Json;
using Coordination.DeviceBridge.Broker;
using Coordination.DeviceBridge.Slots;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Orleans;
using Orleans.Runtime;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>
/// Runs the bridge inside the node: persistent MQTT 5 sessions subscribed to every device topic (shared between the
/// bridges of <c>DeviceBridge:SharedGroup</c>), one per bridge slot the node holds (see <see cref="BridgeSlots"/>), each
/// message handed to <see cref="TelemetryHandler"/> and acknowledged after its effect, and the way out for commands to
/// devices. It starts after the grain runtime and stops before it: on shutdown, messages being handled finish and are
/// acknowledged first.
/// </summary>
public sealed class DeviceBridgeService : IHostedService, IDeviceCommandChannel, IAsyncDisposable
{
    private readonly DeviceBridgeOptions _options;
    private readonly BridgeCounters _counters;
    private readonly string _filter;
    private readonly BridgeSlots? _slots;
    private readonly TimeProvider _time;

    /// <summary>Builds the bridge from its options; <paramref name="silo"/> (the node's silo) holds the slots' lease when there are several.</summary>
    public DeviceBridgeService(
        IOptions<DeviceBridgeOptions> options, IClusterClient grains, DeviceDirectory devices, BridgeCounters counters, DeadLetterLog log, TimeProvider time, ILoggerFactory loggers,
        ILocalSiloDetails? silo = null)
    {
        _options = options.Value;
        _counters = counters;
        _time = time;
        _filter = string.IsNullOrEmpty(_options.SharedGroup) ? TelemetryTopic.Filter : $"$share/{_options.SharedGroup}/{TelemetryTopic.Filter}";
        if (!_options.Enabled)
        {
            return;
        }

        var password = DeviceBridgeOptionsValidator.PasswordOf(_options);
        var logger = loggers.CreateLogger<DeviceBridgeService>();
        BrokerConnection Connect(int slot)
        {
            // Dead letters go out on the connection their message came in on.
            BrokerConnection? connection = null;
            var handler = new TelemetryHandler(grains, devices, _options, counters, log, time,
                (topic, letter) => connection!.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(letter)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithContentType("application/json").Build(), CancellationToken.None));
            connection = new BrokerConnection(_options, password, _options.ClientIdOf(slot), _filter, handler.HandleAsync, logger);
            return connection;
        }

        _slots = new BridgeSlots(_options, Connect, grains, silo?.SiloAddress, logger);
    }

    /// <summary>The bridge now.</summary>
    public DeviceBridgeStatus Status
    {
        get
        {
            var released = _slots?.Released ?? default;
            List<BridgeSlotStatus> slots = [.. (_slots?.Held ?? ImmutableSortedDictionary<int, BrokerConnection>.Empty).Select(held => (held.Key, held.Value.ClientId, Connection: held.Value.Status)).Select(h =>
                new BridgeSlotStatus(h.Key, h.ClientId, h.Connection.Connected, h.Connection.ConnectedSince, h.Connection.LastError, h.Connection.LastErrorAt,
                    h.Connection.Reconnects, h.Connection.Received, h.Connection.Acknowledged))];
            var lastError = slots.Where(s => s.LastErrorAt is not null).MaxBy(s => s.LastErrorAt);
            return new DeviceBridgeStatus(_options.Enabled, slots.Any(s => s.Connected), slots.Where(s => s.Connected).Min(s => s.ConnectedSince), $"{_options.Host}:{_options.Port}",
                _options.ClientId, _filter, lastError?.LastError, lastError?.LastErrorAt, released.Reconnects + slots.Sum(s => s.Reconnects), released.Received + slots.Sum(s => s.Received),
                released.Acknowledged + slots.Sum(s => s.Acknowledged), _counters.Accepted, _counters.Duplicates, _counters.DeadLetters, _counters.UnpublishedDeadLetters,
                _counters.CommandsPublished, _options.Slots, slots);
        }
    }

    /// <summary>
    /// Publishes a command on <c>devices/{id}/commands</c> at QoS 1, with an MQTT message expiry at the command's own, so
    /// the broker drops it for a device that stays away; completes when the broker has it. It goes out on a connected slot
    /// of this node (the device's grain runs here); a node that holds no slot now refuses it.
    /// </summary>
    public async Task PublishAsync(DeviceCommandMessage command, CancellationToken cancellationToken)
    {
        if (_slots is null)
        {
            throw new DeviceCommandNotSentException("This node runs no device bridge (DeviceBridge:Enabled=false).");
        }

        var held = _slots.Held.Values;
        var connection = held.FirstOrDefault(c => c.Status.Connected) ?? held.FirstOrDefault()
            ?? throw new DeviceCommandNotSentException($"This node holds none of the device bridge's {_options.Slots} slots now (the other nodes hold them all).");

        var expiresIn = command.ExpiresAt - _time.GetUtcNow();
        if (expiresIn <= TimeSpan.Zero)
        {
            throw new DeviceCommandNotSentException($"The command expired at {command.ExpiresAt:O} before it could be sent.");
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(new CommandPayload(command.CommandId, command.Kind.ToString(), command.Text, command.ExpiresAt), TelemetryJsonContext.Default.CommandPayload);
        var message = new MqttApplicationMessageBuilder().WithTopic(TelemetryTopic.CommandsOf(command.DeviceId)).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithContentType("application/json")
            .WithMessageExpiryInterval((uint)Math.Ceiling(expiresIn.TotalSeconds)).Build();
        try
        {
            await connection.PublishAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not DeviceCommandNotSentException and not OutOfMemoryException)
        {
            throw new DeviceCommandNotSentException(exception is OperationCanceledException
                ? $"The broker did not acknowledge the command within {_options.OperationTimeout.TotalSeconds:0.#} s."
                : $"The broker did not take the command: {exception.Message}", exception);
        }

        _counters.CountCommandPublished();
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _slots?.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _slots?.StopAsync() ?? Task.CompletedTask;

    // The node's container disposes the bridge once per registration that hands it out (hosted service, command channel).
    /// <inheritdoc />
    public ValueTask DisposeAsync() => _slots?.DisposeAsync() ?? ValueTask.CompletedTask;
}
