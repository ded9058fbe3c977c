using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;

namespace Coordination.DeviceBridge.Tests.Support;

/// <summary>A scripted broker on 127.0.0.1: the test reads what the client sent, byte for byte, and sends raw packets back.</summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FakeBroker() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Accepts the client's next connection and answers its CONNECT with CONNACK.</summary>
    public async Task<Session> AcceptAsync(bool sessionPresent = false)
    {
        var session = new Session(await _listener.AcceptSocketAsync().WaitAsync(Limit));
        var connect = await session.ReadAsync();
        Assert.Equal(MqttPacketType.Connect, connect.Header.Type);
        await session.SendAsync(sessionPresent ? "20 02 01 00" : "20 02 00 00");
        return session;
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    internal sealed class Session(Socket socket) : IAsyncDisposable
    {
        private readonly PipeReader _input = PipeReader.Create(new NetworkStream(socket));

        /// <summary>The next packet the client sent: its fixed header and all its bytes.</summary>
        public async Task<(MqttFixedHeader Header, byte[] Bytes)> ReadAsync()
        {
            using var limit = new CancellationTokenSource(Limit);
            while (true)
            {
                var result = await _input.ReadAsync(limit.Token);
                var buffer = result.Buffer;
                var start = buffer.Start;
                if (MqttPacketReader.TryRead(ref buffer, MqttPacketReader.MaxRemainingLength, out var header, out _))
                {
                    var bytes = result.Buffer.Slice(start, buffer.Start).ToArray();
                    _input.AdvanceTo(buffer.Start);
                    return (header, bytes);
                }

                Assert.False(result.IsCompleted, "The client closed the connection.");
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        /// <summary>Waits until the client closes the connection; fails if it sends anything first.</summary>
        public async Task ClosedByClientAsync()
        {
            using var limit = new CancellationTokenSource(Limit);
            ReadResult result;
            try
            {
                result = await _input.ReadAsync(limit.Token);
            }
            catch (IOException)
            {
                return;
            }

            Assert.True(result.Buffer.IsEmpty && result.IsCompleted, $"Expected the client to close, got {Hex.Of(result.Buffer.ToArray())}.");
        }

        public async Task SendAsync(string hex) => await socket.SendAsync(Hex.Bytes(hex));

        public async Task SendAsync(byte[] bytes) => await socket.SendAsync(bytes);

        /// <summary>Ends the connection in order (FIN), as a broker that stops mid-packet would.</summary>
        public void Close()
        {
            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        }

        /// <summary>Drops the connection without a word (RST), as a crashing broker or a broken network would.</summary>
        public void Drop() => socket.Close(0);

        public async ValueTask DisposeAsync()
        {
            await _input.CompleteAsync();
            socket.Dispose();
        }
    }
}
