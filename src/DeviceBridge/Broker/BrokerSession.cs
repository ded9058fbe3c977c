using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Coordination.DeviceBridge.Broker;

/// <summary>
/// Starts the handling of one received message and returns its effect: the PUBACK goes out once the task completes,
/// and a failed task leaves the message unacknowledged for the broker to deliver again.
/// </summary>
public delegate Task MessageHandler(string topic, ReadOnlySequence<byte> payload);

/// <summary>
/// One connection to the broker: its own MQTTnet client, so that nothing of a lost connection (a PUBACK, a publish
/// waiting for its acknowledgement) can reach the next one. Received messages are handled concurrently, at most
/// <c>maxPending</c> at once (mosquitto does not hold to the receive maximum when it hands over a backlog, so the bridge
/// bounds itself), and acknowledged strictly in arrival order, each after its effect. MQTTnet's handler is never blocked.
/// The session ends, and <see cref="Ended"/> says why, when the connection drops, an effect fails or an
/// acknowledgement cannot be sent in time; nothing in it waits without a bound.
/// </summary>
internal sealed class BrokerSession : IAsyncDisposable
{

    private readonly IMqttClient _client;
    private readonly MessageHandler _handler;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> _received =
        Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<(MqttApplicationMessageReceivedEventArgs Message, Task Effect)> _pending =
        Channel.CreateUnbounded<(MqttApplicationMessageReceivedEventArgs, Task)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _starting = Task.CompletedTask;
    private Task _acknowledging = Task.CompletedTask;
    private Task? _awaited;
    private volatile bool _draining;
    private long _receivedCount;
    private long _acknowledged;

    public BrokerSession(IMqttClient client, MessageHandler handler, int maxPending, TimeSpan timeout, ILogger logger)
    {
        _client = client;
        _slots = new SemaphoreSlim(maxPending, maxPending);
        _handler = handler;
        _timeout = timeout;
        _logger = logger;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                _ended.TrySetResult(e.Exception?.Message ?? $"the broker closed the connection ({e.Reason}{(e.ReasonString is { Length: > 0 } reason ? ": " + reason : "")})");
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>Completes, with the reason, when this connection is over.</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>Whether the connection is up.</summary>
    public bool IsConnected => _connected.Task.IsCompleted && _client.IsConnected && !_ended.Task.IsCompleted;

    /// <summary>Messages received on this connection.</summary>
    public long Received => Interlocked.Read(ref _receivedCount);

    /// <summary>PUBACKs sent on this connection.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Connects (CONNACK within the timeout) and starts acknowledging; the result says whether the broker kept the session.</summary>
    public async Task<MqttClientConnectResult> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        _starting = StartEffectsAsync(_abandon.Token);
        _acknowledging = AcknowledgeInOrderAsync(_abandon.Token);
        using var timeout = Bounded(cancellationToken);
        var result = await _client.ConnectAsync(options, timeout.Token);
        return result.ResultCode == MqttClientConnectResultCode.Success
            ? result
            : throw new BrokerRefusedException($"the broker refused the connection: {result.ResultCode}{(result.ReasonString is { Length: > 0 } reason ? " (" + reason + ")" : "")}");
    }

    /// <summary>Subscribes to <paramref name="filter"/> at QoS 1; throws unless the broker grants it. The session counts as connected from then on.</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancellationToken)
    {
        using var timeout = Bounded(cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await _client.SubscribeAsync(subscribe, timeout.Token);
        var granted = result.Items.Single().ResultCode;
        if (granted != MqttClientSubscribeResultCode.GrantedQoS1)
        {
            throw new BrokerRefusedException($"the broker did not grant the subscription to {filter}: {granted}");
        }

        _connected.TrySetResult();
    }

    /// <summary>
    /// Publishes at QoS 1 and waits, within the timeout, for the broker's PUBACK; throws if it does not come or refuses.
    /// No PUBACK in time ends the session: a link that takes what is sent and answers nothing is not kept.
    /// </summary>
    public async Task PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        using var timeout = Bounded(cancellationToken);
        MqttClientPublishResult result;
        try
        {
            // Messages can arrive (and be dead-lettered) before the subscription is confirmed: wait for it, within the bound.
            await Task.WhenAny(_connected.Task, _ended.Task).WaitAsync(timeout.Token);
            if (!IsConnected)
            {
                throw new BrokerUnavailableException("the connection to the broker ended");
            }

            result = await _client.PublishAsync(message, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or MqttCommunicationTimedOutException && !cancellationToken.IsCancellationRequested)
        {
            _ended.TrySetResult($"the broker did not acknowledge a message on {message.Topic} within {_timeout.TotalSeconds:0.#} s");
            throw new BrokerUnavailableException($"the broker did not acknowledge the message within {_timeout.TotalSeconds:0.#} s");
        }

        if (!result.IsSuccess)
        {
            throw new BrokerRefusedException($"the broker refused the message on {message.Topic}: {result.ReasonCode}{(result.ReasonString is { Length: > 0 } reason ? " (" + reason + ")" : "")}");
        }
    }

    /// <summary>
    /// Stops taking new messages (those still arriving stay unacknowledged, for the next session), waits up to the timeout
    /// for the ones being handled and acknowledges them, then disconnects, keeping the session on the broker.
    /// </summary>
    public async Task DrainAndDisconnectAsync()
    {
        _draining = true;
        _received.Writer.TryComplete();
        await _acknowledging.WaitAsync(2 * _timeout).ContinueWith(static _ => { }, TaskScheduler.Default);
        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(_timeout);
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), timeout.Token);
            }
            catch (Exception exception) when (exception is MqttCommunicationException or OperationCanceledException)
            {
                _logger.LogDebug(exception, "The clean disconnect from the broker did not complete");
            }
        }
    }

    /// <summary>Ends the session: stops acknowledging (waits for that loop to finish), then drops the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _ended.TrySetResult("the session was closed");
        await _abandon.CancelAsync();
        await Task.WhenAll(_starting, _acknowledging).ContinueWith(static _ => { }, TaskScheduler.Default);
        _client.Dispose();
    }

    /// <summary>
    /// After <see cref="DisposeAsync"/>: waits, up to <paramref name="limit"/>, for the effects that were started and will not
    /// be acknowledged here. The broker delivers their messages again to the next session.
    /// </summary>
    public async Task UnacknowledgedEffectsAsync(TimeSpan limit)
    {
        _pending.Writer.TryComplete();
        List<Task> effects = _awaited is { } awaited ? [awaited] : [];
        while (_pending.Reader.TryRead(out var item))
        {
            effects.Add(item.Effect);
        }

        await Task.WhenAll(effects).WaitAsync(limit).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs message)
    {
        message.AutoAcknowledge = false;
        Interlocked.Increment(ref _receivedCount);
        // Refused once draining: it stays unacknowledged, and the broker delivers it to the next session.
        _received.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    /// <summary>Starts each received message's effect in arrival order, as a slot frees up.</summary>
    private async Task StartEffectsAsync(CancellationToken abandon)
    {
        try
        {
            await foreach (var message in _received.Reader.ReadAllAsync(abandon))
            {
                await _slots.WaitAsync(abandon);
                if (_draining)
                {
                    break; // not started: left for the next session
                }

                Task effect;
                try
                {
                    effect = _handler(message.ApplicationMessage.Topic, message.ApplicationMessage.Payload);
                }
                catch (Exception exception)
                {
                    effect = Task.FromException(exception);
                }

                _pending.Writer.TryWrite((message, effect));
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
        }
        finally
        {
            _pending.Writer.TryComplete();
        }
    }

    private async Task AcknowledgeInOrderAsync(CancellationToken abandon)
    {
        try
        {
            await foreach (var (message, effect) in _pending.Reader.ReadAllAsync(abandon))
            {
                try
                {
                    _awaited = effect;
                    await effect.WaitAsync(abandon);
                    _awaited = null;
                }
                catch (Exception exception) when (!abandon.IsCancellationRequested)
                {
                    // Retrying can fix it (timeout, storage, shutdown): reconnect so that the broker delivers it again.
                    _logger.LogWarning(exception, "A device message on {Topic} could not be handled; reconnecting so that the broker delivers it again", message.ApplicationMessage.Topic);
                    _ended.TrySetResult($"a message could not be handled: {exception.Message}");
                    return;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abandon);
                timeout.CancelAfter(_timeout);
                await message.AcknowledgeAsync(timeout.Token);
                Interlocked.Increment(ref _acknowledged);
                _slots.Release();
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (!abandon.IsCancellationRequested)
            {
                _ended.TrySetResult($"an acknowledgement could not be sent: {exception.Message}");
            }
        }
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abandon.Token);
        timeout.CancelAfter(_timeout);
        return timeout;
    }
}

/// <summary>The broker answered, but with a refusal (connect, subscribe or publish).</summary>
public sealed class BrokerRefusedException(string message) : Exception(message);
