using System.Text.Json;
using Coordination.DeviceBridge.Broker;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using Orleans;

namespace Coordination.DeviceBridge.Hosting;

/// <summary>
/// Runs the bridge inside the node: one persistent MQTT 5 session subscribed to every device topic (shared between the
/// bridges of <c>DeviceBridge:SharedGroup</c>), each message handed to <see cref="TelemetryHandler"/> and acknowledged
/// after its effect, and the way out for commands to devices. It starts after the grain runtime and stops before it: on
/// shutdown, messages being handled finish and are acknowledged first.
/// </summary>
public sealed class DeviceBridgeService : IHostedService, IDeviceCommandChannel, IAsyncDisposable
{
    private readonly DeviceBridgeOptions _options;
    private readonly BridgeCounters _counters;
    private readonly string _filter;
    private readonly BrokerConnection? _connection;
    private readonly TimeProvider _time;

    /// <summary>Builds the bridge from its options.</summary>
    public DeviceBridgeService(
        IOptions<DeviceBridgeOptions> options, IClusterClient grains, DeviceDirectory devices, BridgeCounters counters, DeadLetterLog log, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _counters = counters;
        _time = time;
        _filter = string.IsNullOrEmpty(_options.SharedGroup) ? TelemetryTopic.Filter : $"$share/{_options.SharedGroup}/{TelemetryTopic.Filter}";
        if (!_options.Enabled)
        {
            return;
        }

        var handler = new TelemetryHandler(grains, devices, _options, counters, log, time,
            (topic, letter) => _connection!.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(letter)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithContentType("application/json").Build(), CancellationToken.None));
        _connection = new BrokerConnection(_options, DeviceBridgeOptionsValidator.PasswordOf(_options), _filter, handler.HandleAsync, loggers.CreateLogger<DeviceBridgeService>());
    }

    /// <summary>The bridge now.</summary>
    public DeviceBridgeStatus Status
    {
        get
        {
            var connection = _connection?.Status;
            return new DeviceBridgeStatus(_options.Enabled, connection?.Connected == true, connection?.ConnectedSince, $"{_options.Host}:{_options.Port}", _options.ClientId, _filter,
                connection?.LastError, connection?.LastErrorAt, connection?.Reconnects ?? 0, connection?.Received ?? 0, connection?.Acknowledged ?? 0,
                _counters.Accepted, _counters.Duplicates, _counters.DeadLetters, _counters.UnpublishedDeadLetters, _counters.CommandsPublished);
        }
    }

    /// <summary>
    /// Publishes a command on <c>devices/{id}/commands</c> at QoS 1, with an MQTT message expiry at the command's own, so
    /// the broker drops it for a device that stays away; completes when the broker has it.
    /// </summary>
    public async Task PublishAsync(DeviceCommandMessage command, CancellationToken cancellationToken)
    {
        if (_connection is null)
        {
            throw new DeviceCommandNotSentException("This node runs no device bridge (DeviceBridge:Enabled=false).");
        }

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
            await _connection.PublishAsync(message, cancellationToken);
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
        _connection?.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _connection?.StopAsync() ?? Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection?.DisposeAsync() ?? ValueTask.CompletedTask;
}
