using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;
using Microsoft.Extensions.Logging;

namespace Coordination.DeviceBridge.Mqtt.Client;

/// <summary>
/// An MQTT 3.1.1 client that stays connected: it connects, subscribes to <see cref="MqttClientOptions.Subscriptions"/>,
/// hands received messages to the handler, acknowledges each QoS 1 message only after it was handled, and on any
/// failure reconnects with exponential backoff, subscribes again and retransmits its unacknowledged QoS 1 publishes
/// with the DUP flag. <see cref="PublishAsync"/>, <see cref="Status"/> and <see cref="DisconnectAsync"/> are safe to
/// call concurrently; <see cref="StartAsync"/> is called once.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly MqttMessageHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<Connection> _connected = NewConnectedSource();
    private Task _run = Task.CompletedTask;
    private long _connects;
    private long _received;
    private long _acknowledged;
    private long _published;
    private long _protocolErrors;
    private string? _lastError;
    private int _disposed;

    /// <summary>Creates a client; nothing happens until <see cref="StartAsync"/>.</summary>
    public MqttClient(MqttClientOptions options, MqttMessageHandler handler, TimeProvider time, ILogger<MqttClient> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.ClientId, "options.ClientId");
        _options = options;
        _handler = handler;
        _time = time;
        _logger = logger;
        _inflightSlots = new SemaphoreSlim(options.MaxInflightPublishes, options.MaxInflightPublishes);
    }

    /// <summary>The client's state now.</summary>
    public MqttClientStatus Status => new(
        _connected.Task.IsCompletedSuccessfully, Interlocked.Read(ref _connects), Volatile.Read(ref _lastError), Interlocked.Read(ref _received),
        Interlocked.Read(ref _acknowledged), Interlocked.Read(ref _published), Interlocked.Read(ref _protocolErrors));

    /// <summary>Starts connecting in the background and returns at once; the client then keeps itself connected until stopped.</summary>
    public Task StartAsync()
    {
        _run = Task.Run(RunAsync);
        return Task.CompletedTask;
    }

    /// <summary>Completes once a session is up (connected, subscribed, unacknowledged publishes resent).</summary>
    public async Task WaitUntilConnectedAsync(CancellationToken cancellationToken) => await CurrentConnectionAsync(cancellationToken);

    /// <summary>
    /// Stops gracefully: no further messages are read, messages being handled finish and are acknowledged, then DISCONNECT
    /// is sent and the socket closed. The broker keeps the session (when <see cref="MqttClientOptions.CleanSession"/> is false).
    /// </summary>
    public async Task DisconnectAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await _run;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await DisconnectAsync();
        _stopping.Dispose();
        _inflightSlots.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stopping.IsCancellationRequested)
        {
            Connection? connection = null;
            try
            {
                connection = await Connection.OpenAsync(this, _stopping.Token);
                await ResumeAsync(connection);
                failures = 0;
                Interlocked.Increment(ref _connects);
                _logger.LogInformation("MQTT client {ClientId} connected to {Host}:{Port}", _options.ClientId, _options.Host, _options.Port);
                _connected.TrySetResult(connection);
                await connection.Completion.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                Volatile.Write(ref _lastError, exception.Message);
                _logger.LogWarning("MQTT client {ClientId}: connection to {Host}:{Port} ended: {Reason}", _options.ClientId, _options.Host, _options.Port, exception.Message);
            }
            finally
            {
                lock (_gate)
                {
                    if (_connected.Task.IsCompleted)
                    {
                        _connected = NewConnectedSource();
                    }
                }

                if (connection is not null)
                {
                    await connection.CloseAsync(graceful: _stopping.IsCancellationRequested);
                }
            }

            if (!_stopping.IsCancellationRequested)
            {
                await DelayBeforeReconnectAsync(failures++);
            }
        }
    }

    private async Task DelayBeforeReconnectAsync(int failures)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, _options.ReconnectDelay.Ticks << Math.Min(failures, 20)));
        try
        {
            await Task.Delay(delay, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>After CONNACK: subscribe again (the broker may have lost the session), then resend unacknowledged publishes.</summary>
    private async Task ResumeAsync(Connection connection)
    {
        if (_options.Subscriptions.Count > 0)
        {
            var id = NextPacketId();
            var acknowledgement = connection.ExpectSubAck(id);
            await connection.SendAsync(static (writer, state) => MqttPacketWriter.WriteSubscribe(writer, state.id, state.subscriptions), (id, subscriptions: _options.Subscriptions.ToList()));
            var subAck = await acknowledgement.WaitAsync(_options.ConnectTimeout, _time, _stopping.Token);
            for (var i = 0; i < subAck.ReturnCodes.Count; i++)
            {
                if (subAck.ReturnCodes[i] == MqttSubAckPacket.Failure)
                {
                    throw new MqttConnectException($"The broker refused the subscription to '{_options.Subscriptions[i].TopicFilter}' (check the ACL).");
                }
            }
        }

        await RetransmitAsync(connection);
    }

    private async Task<Connection> CurrentConnectionAsync(CancellationToken cancellationToken)
    {
        Task<Connection> connected;
        lock (_gate)
        {
            connected = _connected.Task;
        }

        return await connected.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource<Connection> NewConnectedSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
