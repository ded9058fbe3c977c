using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Mqtt.Client;

public sealed partial class MqttClient
{
    /// <summary>
    /// One TCP connection and its MQTT session: a receive loop that frames and dispatches packets, an acknowledge loop
    /// that sends each PUBACK once its message was handled (in arrival order), and the keep-alive timer. Writes are
    /// serialised by a lock; a failure anywhere aborts the socket, and <see cref="Completion"/> ends with the reason.
    /// </summary>
    private sealed class Connection : IAsyncDisposable
    {
        private readonly MqttClient _client;
        private readonly Socket _socket;
        private readonly PipeReader _input;
        private readonly PipeWriter _output;
        private readonly SemaphoreSlim _writeLock = new(1, 1);
        private readonly CancellationTokenSource _aborted = new();
        private readonly Channel<PendingDelivery> _deliveries;
        private readonly TaskCompletionSource<MqttConnAckPacket> _connAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<ushort, TaskCompletionSource<MqttSubAckPacket>> _subAcks = new();
        private readonly Task _receive;
        private readonly Task _acknowledge;
        private ITimer? _keepAlive;
        private long _lastSent;
        private long _pingSentAt;
        private int _pingOutstanding;
        private volatile bool _broken;
        private volatile bool _stopReading;
        private int _delivering;
        private Exception? _failure;

        private Connection(MqttClient client, Socket socket)
        {
            _client = client;
            _socket = socket;
            var stream = new NetworkStream(socket, ownsSocket: false);
            _input = PipeReader.Create(stream);
            _output = PipeWriter.Create(stream);
            _deliveries = Channel.CreateBounded<PendingDelivery>(new BoundedChannelOptions(client._options.MaxPendingDeliveries) { SingleReader = true, SingleWriter = true });
            _lastSent = client._time.GetTimestamp();
            _receive = Task.Run(ReceiveAsync);
            _acknowledge = Task.Run(AcknowledgeAsync);
            Completion = CompleteAsync();
        }

        /// <summary>Ends when the connection does: with the failure that ended it, or quietly after a graceful close.</summary>
        public Task Completion { get; }

        /// <summary>Connects, sends CONNECT and waits for an accepting CONNACK.</summary>
        public static async Task<Connection> OpenAsync(MqttClient client, CancellationToken cancellationToken)
        {
            var options = client._options;
            using var timeout = new CancellationTokenSource(options.ConnectTimeout, client._time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            Connection? connection = null;
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, linked.Token);
                connection = new Connection(client, socket);
                var connect = new MqttConnectPacket(options.ClientId, options.Username, options.Password, (ushort)options.KeepAlive.TotalSeconds, options.CleanSession);
                await connection.SendAsync(static (writer, packet) => MqttPacketWriter.WriteConnect(writer, packet), connect);
                MqttConnAckPacket connAck;
                try
                {
                    connAck = await connection._connAck.Task.WaitAsync(linked.Token);
                }
                catch (OperationCanceledException) when (connection._connAck.Task.IsCompletedSuccessfully)
                {
                    // Stopped just as the session came up: messages may already be in hand, so the caller closes it gracefully.
                    connAck = connection._connAck.Task.Result;
                }

                if (connAck.ReturnCode != MqttConnectReturnCode.Accepted)
                {
                    throw new MqttConnectException($"The broker refused the connection: {connAck.ReturnCode}.", connAck.ReturnCode);
                }

                connection.StartKeepAlive();
                return connection;
            }
            catch (Exception exception)
            {
                if (connection is null)
                {
                    socket.Dispose();
                }
                else
                {
                    await connection.CloseAsync(graceful: false);
                }

                if (exception is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No connection to {options.Host}:{options.Port} within {options.ConnectTimeout.TotalSeconds:0.#} s.");
                }

                throw;
            }
        }

        /// <summary>Registers interest in the SUBACK for <paramref name="packetId"/>; call before sending the SUBSCRIBE.</summary>
        public Task<MqttSubAckPacket> ExpectSubAck(ushort packetId)
        {
            var source = new TaskCompletionSource<MqttSubAckPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
            _subAcks[packetId] = source;
            return source.Task;
        }

        /// <summary>Writes under the write lock and flushes. Fails with <see cref="IOException"/> once the connection is broken.</summary>
        public async Task SendAsync<TState>(Action<IBufferWriter<byte>, TState> write, TState state)
        {
            ThrowIfBroken();
            await _writeLock.WaitAsync();
            try
            {
                ThrowIfBroken();
                write(_output, state);
                await FlushLockedAsync();
            }
            finally
            {
                _writeLock.Release();
            }
        }

        /// <summary>Closes the connection. Graceful: stop reading, let handled messages be acknowledged, send DISCONNECT.</summary>
        public async Task CloseAsync(bool graceful)
        {
            _keepAlive?.Dispose();
            if (graceful && !_broken)
            {
                // Stop taking messages (later ones stay unacknowledged for the next session), let the handled ones be acknowledged.
                _stopReading = true;
                Interlocked.MemoryBarrier();
                while (Volatile.Read(ref _delivering) > 0)
                {
                    await Task.Delay(1); // a message whose handler already started is queued for its PUBACK before the queue closes
                }

                _deliveries.Writer.TryComplete();
                await _acknowledge;
                try
                {
                    await SendAsync(static (writer, _) => MqttPacketWriter.WriteDisconnect(writer), 0);
                    await CloseOutputAsync();
                }
                catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
                {
                    // The broker closed first (the receive loop then closed the socket): nothing is left to do.
                }
            }

            Abort(null);
            await Task.WhenAll(_receive, _acknowledge);
            await _input.CompleteAsync();
            await _output.CompleteAsync();
            // The write lock is not disposed: a publisher may still be racing to it, and it holds no handle.
            _aborted.Dispose();
        }

        /// <summary>
        /// Sends FIN after DISCONNECT and waits (briefly) for the broker to close its side: closing a socket with data
        /// still unread would send a reset, which can make the broker discard the DISCONNECT and PUBACKs before it.
        /// </summary>
        private async Task CloseOutputAsync()
        {
            _socket.Shutdown(SocketShutdown.Send);
            await _receive.WaitAsync(TimeSpan.FromSeconds(1), _client._time).ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        /// <summary>Aborts the connection (see <see cref="CloseAsync"/> for the graceful way).</summary>
        public ValueTask DisposeAsync() => new(CloseAsync(graceful: false));

        private async Task CompleteAsync()
        {
            await Task.WhenAll(_receive, _acknowledge);
            if (_failure is { } failure)
            {
                throw failure;
            }
        }

        private async Task ReceiveAsync()
        {
            try
            {
                while (true)
                {
                    var result = await _input.ReadAsync();
                    var buffer = result.Buffer;
                    try
                    {
                        while (MqttPacketReader.TryRead(ref buffer, _client._options.MaxPacketSize, out var header, out var body))
                        {
                            await DispatchAsync(header, body);
                        }

                        if (result.IsCompleted)
                        {
                            throw buffer.IsEmpty
                                ? new IOException("The broker closed the connection.")
                                : new MqttProtocolException($"Truncated packet: the connection ended {buffer.Length} bytes into a packet.");
                        }
                    }
                    finally
                    {
                        _input.AdvanceTo(buffer.Start, buffer.End);
                    }
                }
            }
            catch (Exception exception)
            {
                if (exception is MqttProtocolException)
                {
                    Interlocked.Increment(ref _client._protocolErrors);
                }

                Abort(exception);
            }
            finally
            {
                _deliveries.Writer.TryComplete();
            }
        }

        private ValueTask DispatchAsync(MqttFixedHeader header, ReadOnlySequence<byte> body)
        {
            if (header.Type != MqttPacketType.ConnAck && !_connAck.Task.IsCompleted)
            {
                throw new MqttProtocolException($"{header.Type} before CONNACK.");
            }

            switch (header.Type)
            {
                case MqttPacketType.Publish:
                    return DeliverAsync(MqttPacketDecoder.DecodePublish(header, body));
                case MqttPacketType.PubAck:
                    _client.OnPubAck(MqttPacketDecoder.DecodePacketIdentifier(header, body));
                    break;
                case MqttPacketType.SubAck:
                    var subAck = MqttPacketDecoder.DecodeSubAck(header, body);
                    if (!_subAcks.TryRemove(subAck.PacketId, out var waiting))
                    {
                        throw new MqttProtocolException($"SUBACK for packet {subAck.PacketId}, which no SUBSCRIBE used.");
                    }

                    waiting.TrySetResult(subAck);
                    break;
                case MqttPacketType.PingResp:
                    MqttPacketDecoder.DecodePingResp(header);
                    Volatile.Write(ref _pingOutstanding, 0);
                    break;
                case MqttPacketType.ConnAck when !_connAck.Task.IsCompleted:
                    _connAck.TrySetResult(MqttPacketDecoder.DecodeConnAck(header, body));
                    break;
                case MqttPacketType.ConnAck:
                    throw new MqttProtocolException("A second CONNACK.");
                default:
                    throw new MqttProtocolException($"A broker never sends {header.Type} to a client.");
            }

            return ValueTask.CompletedTask;
        }

        private ValueTask DeliverAsync(MqttPublishPacket packet)
        {
            Interlocked.Increment(ref _delivering);
            if (_stopReading)
            {
                Interlocked.Decrement(ref _delivering);
                return ValueTask.CompletedTask;
            }

            var topicLength = (int)packet.Topic.Length;
            var payloadLength = (int)packet.Payload.Length;
            var buffer = ArrayPool<byte>.Shared.Rent(topicLength + payloadLength);
            packet.Topic.CopyTo(buffer);
            packet.Payload.CopyTo(buffer.AsSpan(topicLength));
            var message = new MqttMessage(buffer.AsMemory(0, topicLength), buffer.AsMemory(topicLength, payloadLength), packet.QualityOfService, packet.Duplicate, packet.Retain);
            Interlocked.Increment(ref _client._received);
            ValueTask handling;
            try
            {
                handling = _client._handler(message, _aborted.Token);
            }
            catch (Exception exception)
            {
                handling = ValueTask.FromException(exception);
            }

            var queued = _deliveries.Writer.WriteAsync(new PendingDelivery(handling, packet.PacketId, packet.QualityOfService, buffer));
            if (queued.IsCompletedSuccessfully)
            {
                Interlocked.Decrement(ref _delivering);
                return queued;
            }

            return WaitThenLeaveAsync(queued);
        }

        private async ValueTask WaitThenLeaveAsync(ValueTask queued)
        {
            try
            {
                await queued;
            }
            finally
            {
                Interlocked.Decrement(ref _delivering);
            }
        }

        private async Task AcknowledgeAsync()
        {
            var reader = _deliveries.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var delivery))
                {
                    try
                    {
                        await delivery.Handling;
                        if (delivery.QualityOfService == MqttQualityOfService.AtLeastOnce && !_broken)
                        {
                            var flush = !reader.TryPeek(out var next) || !next.Handling.IsCompleted;
                            await WritePubAckAsync(delivery.PacketId, flush);
                        }
                    }
                    catch (Exception exception)
                    {
                        // Unacknowledged, the message (and every later one) comes again on the next session.
                        Abort(exception is IOException ? exception : new IOException($"A message handler failed, so the message was not acknowledged: {exception.Message}", exception));
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(delivery.Buffer);
                    }
                }
            }
        }

        private async ValueTask WritePubAckAsync(ushort packetId, bool flush)
        {
            await _writeLock.WaitAsync();
            try
            {
                ThrowIfBroken();
                MqttPacketWriter.WritePubAck(_output, packetId);
                Interlocked.Increment(ref _client._acknowledged);
                if (flush)
                {
                    await FlushLockedAsync();
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        private async ValueTask FlushLockedAsync()
        {
            var result = await _output.FlushAsync();
            if (result.IsCompleted)
            {
                throw new IOException("The connection is closed.");
            }

            Volatile.Write(ref _lastSent, _client._time.GetTimestamp());
        }

        private void StartKeepAlive()
        {
            var keepAlive = _client._options.KeepAlive;
            if (keepAlive > TimeSpan.Zero)
            {
                _keepAlive = _client._time.CreateTimer(static state => ((Connection)state!).OnKeepAliveTick(), this, keepAlive / 2, keepAlive / 2);
            }
        }

        /// <summary>Every half keep-alive: ping when nothing was sent for that long; give up when a ping went unanswered for a whole one.</summary>
        private void OnKeepAliveTick()
        {
            var keepAlive = _client._options.KeepAlive;
            var now = _client._time.GetTimestamp();
            if (Volatile.Read(ref _pingOutstanding) == 1)
            {
                if (_client._time.GetElapsedTime(Volatile.Read(ref _pingSentAt), now) >= keepAlive)
                {
                    Abort(new TimeoutException($"No PINGRESP within the keep-alive of {keepAlive.TotalSeconds:0.#} s."));
                }

                return;
            }

            if (_client._time.GetElapsedTime(Volatile.Read(ref _lastSent), now) >= keepAlive / 2)
            {
                Volatile.Write(ref _pingSentAt, now);
                Volatile.Write(ref _pingOutstanding, 1);
                _ = SendPingAsync();
            }
        }

        private async Task SendPingAsync()
        {
            try
            {
                await SendAsync(static (writer, _) => MqttPacketWriter.WritePingReq(writer), 0);
            }
            catch (Exception exception)
            {
                Abort(exception);
            }
        }

        private void Abort(Exception? failure)
        {
            if (failure is not null)
            {
                Interlocked.CompareExchange(ref _failure, failure, null);
            }

            if (_broken)
            {
                return;
            }

            _broken = true;
            try
            {
                _aborted.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            _socket.Dispose();
        }

        private void ThrowIfBroken()
        {
            if (_broken)
            {
                throw new IOException("The connection is closed.", _failure);
            }
        }

        private readonly record struct PendingDelivery(ValueTask Handling, ushort PacketId, MqttQualityOfService QualityOfService, byte[] Buffer);
    }
}
