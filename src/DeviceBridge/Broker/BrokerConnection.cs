using System.Net;
using System.Net.Sockets;
using Coordination.DeviceBridge.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Coordination.DeviceBridge.Broker;

/// <summary>
/// Keeps the bridge's MQTT 5 session with the broker up: connects with a persistent session (clean start off, the
/// configured session expiry), subscribes after every connect, and after any loss reconnects with
/// exponential backoff and jitter. Each connection is a fresh <see cref="BrokerSession"/>, started only after the
/// previous one has stopped acknowledging. Backoff runs on the real clock, as MQTTnet's own timers do.
/// </summary>
internal sealed class BrokerConnection : IAsyncDisposable
{
    /// <summary>A connection that lasted this long was not a failed attempt.</summary>
    private static readonly TimeSpan StableConnection = TimeSpan.FromSeconds(10);

    private readonly DeviceBridgeOptions _options;
    private readonly MqttClientOptions _mqtt;
    private readonly string _clientId;
    private readonly string _filter;
    private readonly MessageHandler _handler;
    private readonly ILogger _logger;
    private readonly MqttClientFactory _factory = new();
    private readonly CancellationTokenSource _stop = new(); // not disposed: StopAsync may be called after disposal
    private readonly Lock _lock = new();
    private Task _running = Task.CompletedTask;
    private BrokerSession? _session;
    private DateTimeOffset? _connectedSince;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private long _connects;
    private long _receivedBefore;
    private long _acknowledgedBefore;

    public BrokerConnection(DeviceBridgeOptions options, string password, string clientId, string filter, MessageHandler handler, ILogger logger)
    {
        _options = options;
        _clientId = clientId;
        _filter = filter;
        _handler = handler;
        _logger = logger;
        _mqtt = new MqttClientOptionsBuilder()
            .WithTcpServer(tcp =>
            {
                tcp.BufferSize = options.SocketBufferBytes;
                tcp.NoDelay = true;
            })
            .WithEndPoint(new DnsEndPoint(options.Host, options.Port))
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCredentials(options.Username, password)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)options.SessionExpiryInterval.TotalSeconds)
            .WithReceiveMaximum((ushort)options.MaxPendingPerSlot)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.OperationTimeout)
            .Build();
    }

    /// <summary>The MQTT client id the broker keeps this connection's session under.</summary>
    public string ClientId => _clientId;

    /// <summary>The connection now, for <c>/device-bridge/status</c>.</summary>
    public BrokerConnectionStatus Status
    {
        get
        {
            lock (_lock)
            {
                var connected = _session?.IsConnected == true;
                return new BrokerConnectionStatus(connected, connected ? _connectedSince : null, _lastError, _lastErrorAt, Math.Max(0, _connects - 1),
                    _receivedBefore + (_session?.Received ?? 0), _acknowledgedBefore + (_session?.Acknowledged ?? 0));
            }
        }
    }

    /// <summary>Starts the connect loop; the first connect happens in the background.</summary>
    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Publishes at QoS 1 on the current connection and waits for the broker's PUBACK, within the operation timeout.</summary>
    public Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        BrokerSession? session;
        lock (_lock)
        {
            session = _session;
        }

        return session is not null
            ? session.PublishAsync(message, cancellationToken)
            : Task.FromException(new BrokerUnavailableException($"not connected to the broker at {_options.Host}:{_options.Port}" + (_lastError is null ? "" : $" ({_lastError})")));
    }

    /// <summary>Stops reconnecting; the current session finishes and acknowledges what it is handling, then disconnects. Safe to call again.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
    }

    // The node's container disposes the bridge once per registration that hands it out (hosted service, command channel).
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task RunAsync(CancellationToken stop)
    {
        for (var failures = 0; !stop.IsCancellationRequested;)
        {
            var session = new BrokerSession(_factory.CreateMqttClient(), _handler, _options.MaxPendingPerSlot, _options.OperationTimeout, _logger);
            lock (_lock)
            {
                _session = session; // from now on dead letters and commands go to it, once it is connected
            }

            string ending;
            DateTimeOffset? connectedAt = null;
            try
            {
                var result = await session.ConnectAsync(_mqtt, stop);
                // Also when the broker kept the session: mosquitto 2.0 restores a session from its persistence file
                // without its shared subscriptions (found by BridgeConnectionTests), and subscribing again is harmless.
                await session.SubscribeAsync(_filter, stop);
                connectedAt = OnConnected(result.IsSessionPresent);
                ending = await session.Ended.WaitAsync(stop);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Once stopping, MQTTnet reports a connect or subscribe cut short as a failure of its own: not an error.
                ending = stop.IsCancellationRequested ? "" : Describe(exception);
            }

            // A connection that held for a while starts the backoff afresh; one that ended at once (a broker refusing
            // us, a message that keeps failing) backs off further, so nothing retries in a tight loop.
            failures = connectedAt is { } since && DateTimeOffset.UtcNow - since > StableConnection ? 0 : failures + 1;
            if (stop.IsCancellationRequested)
            {
                await session.DrainAndDisconnectAsync();
                await EndAsync(session, null);
                await session.UnacknowledgedEffectsAsync(DeviceBridgeOptions.UnacknowledgedEffectsOnStop);
                return;
            }

            await EndAsync(session, ending);
            // The effects that will not be acknowledged finish (bounded) while the backoff runs: the broker delivers their
            // messages again, and the grains then see repeats rather than a second load racing the first.
            await Task.WhenAll(session.UnacknowledgedEffectsAsync(_options.MaxReconnectDelay), DelayBeforeReconnectAsync(failures, stop));
        }
    }

    /// <summary>Takes the session out of use (commands and dead letters no longer go to it), records why it ended, and closes it.</summary>
    private async Task EndAsync(BrokerSession session, string? reason)
    {
        lock (_lock)
        {
            _session = null;
            if (reason is not null)
            {
                _lastError = reason;
                _lastErrorAt = DateTimeOffset.UtcNow;
            }
        }

        if (reason is not null)
        {
            _logger.LogWarning("Device bridge ({ClientId}) not connected to the broker at {Host}:{Port}: {Reason}; reconnecting", _clientId, _options.Host, _options.Port, reason);
        }

        await session.DisposeAsync();
        lock (_lock)
        {
            _receivedBefore += session.Received;
            _acknowledgedBefore += session.Acknowledged;
        }
    }

    private DateTimeOffset OnConnected(bool sessionPresent)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_lock)
        {
            _connectedSince = now;
            _connects++;
        }

        _logger.LogInformation("Device bridge connected to the broker at {Host}:{Port} as {ClientId} ({Session}); subscribed to {Filter}",
            _options.Host, _options.Port, _clientId, sessionPresent ? "the broker kept the session" : "a new session", _filter);
        return now;
    }

    private async Task DelayBeforeReconnectAsync(int failures, CancellationToken stop)
    {
        // A connection that ended after working is retried soon; each failed attempt doubles the wait, up to the limit.
        var delay = Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16)));
        var jittered = TimeSpan.FromMilliseconds(delay * (0.5 + (Random.Shared.NextDouble() / 2)));
        try
        {
            await Task.Delay(jittered, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => "the broker did not answer in time",
        _ when exception.InnerException is SocketException socket => socket.Message,
        _ => exception.Message,
    };
}

/// <summary>The broker connection now.</summary>
/// <param name="Connected">A session is up.</param>
/// <param name="ConnectedSince">When the current connection was made (UTC); null while disconnected.</param>
/// <param name="LastError">Why the last connection or attempt ended.</param>
/// <param name="LastErrorAt">When (UTC).</param>
/// <param name="Reconnects">Connections made after the first one.</param>
/// <param name="Received">Messages received.</param>
/// <param name="Acknowledged">PUBACKs sent for them.</param>
public sealed record BrokerConnectionStatus(bool Connected, DateTimeOffset? ConnectedSince, string? LastError, DateTimeOffset? LastErrorAt, long Reconnects, long Received, long Acknowledged);

/// <summary>The bridge is not connected to the broker.</summary>
public sealed class BrokerUnavailableException(string message) : Exception(message);
