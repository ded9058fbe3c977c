using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of an MQTT broker, for cutting a client's connection at a chosen moment: it can
/// hold back the PUBLISH packets the clients send (so a publish never reaches the broker and its acknowledgement never
/// comes, while everything else, PUBACKs included, still goes through) and drop every connection at once, as a network
/// fault would. New connections are forwarded as before.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly Task _accepting;
    private volatile bool _holdPublishes;
    private int _heldPublishes;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>From now on, PUBLISH packets from the clients are held (never forwarded) until <see cref="Cut"/>.</summary>
    public void HoldPublishes() => _holdPublishes = true;

    /// <summary>PUBLISH packets held so far.</summary>
    public int HeldPublishes => Volatile.Read(ref _heldPublishes);

    /// <summary>Drops every open connection (what was held is lost) and forwards normally again.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            foreach (var (client, server) in _connections)
            {
                try
                {
                    client.Client.LingerState = new LingerOption(true, 0); // a reset, as when a network path fails
                }
                catch (Exception exception) when (exception is ObjectDisposedException or NullReferenceException or SocketException)
                {
                    // already closed by its pump
                }

                client.Dispose();
                server.Dispose();
            }

            _connections.Clear();
        }

        _holdPublishes = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }

            lock (_lock)
            {
                _connections.Add((client, server));
                Accepted++;
            }

            _ = PumpPacketsAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    /// <summary>Broker to client: bytes as they come.</summary>
    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (await input.ReadAsync(buffer, _stop.Token) is var read and > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    /// <summary>Client to broker: packet by packet (fixed header, remaining length, body), so that PUBLISH packets can be held.</summary>
    private async Task PumpPacketsAsync(TcpClient from, TcpClient to)
    {
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            var header = new byte[5];
            while (true)
            {
                await input.ReadExactlyAsync(header.AsMemory(0, 1), _stop.Token);
                var length = 0;
                var used = 1;
                for (var shift = 0; ; shift += 7)
                {
                    await input.ReadExactlyAsync(header.AsMemory(used, 1), _stop.Token);
                    length |= (header[used] & 0x7F) << shift;
                    if ((header[used++] & 0x80) == 0)
                    {
                        break;
                    }
                }

                var packet = new byte[used + length];
                header.AsSpan(0, used).CopyTo(packet);
                await input.ReadExactlyAsync(packet.AsMemory(used), _stop.Token);
                if (_holdPublishes && (packet[0] & 0xF0) == 0x30)
                {
                    Interlocked.Increment(ref _heldPublishes);
                    continue;
                }

                await output.WriteAsync(packet, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or SocketException or InvalidOperationException or EndOfStreamException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
