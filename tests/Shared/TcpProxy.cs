using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a server, for cutting a client's connection at a chosen moment: it can hold back
/// what the clients send (so a publish never reaches the server and its acknowledgement never comes) and drop every
/// connection at once, as a network fault would. New connections are forwarded as before.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _connections = [];
    private readonly Task _accepting;
    private volatile TaskCompletionSource _upstreamOpen = Opened();

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>From now on, bytes from the clients are held (not forwarded) until <see cref="Cut"/>.</summary>
    public void HoldUpstream() => _upstreamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

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

        _upstreamOpen.TrySetResult();
        _upstreamOpen = Opened();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
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

            _ = PumpAsync(client, server, upstream: true);
            _ = PumpAsync(server, client, upstream: false);
        }
    }

    private async Task PumpAsync(TcpClient from, TcpClient to, bool upstream)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var read = await input.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (upstream)
                {
                    await _upstreamOpen.Task;
                    if (!to.Connected)
                    {
                        break;
                    }
                }

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
}
