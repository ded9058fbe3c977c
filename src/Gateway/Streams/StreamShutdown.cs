using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Gateway.Streams;

/// <summary>
/// Ends every server-sent event stream as soon as the node starts stopping. A stream never ends by itself, so without
/// this the web server's graceful stop would wait for each one until its timeout; ended at once, the client reconnects
/// with <c>Last-Event-ID</c> (to this node once it is back, or to another) and misses nothing. A stream also ends when
/// its caller's access does (<see cref="StreamAccess"/>).
/// </summary>
internal sealed class StreamShutdown : IDisposable
{
    /// <summary>Where the streams are served.</summary>
    public const string PathPrefix = "/streams";

    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenRegistration _stopping;
    private readonly ILogger<StreamShutdown> _logger;
    private readonly StreamAccess _access;
    private int _open;

    public StreamShutdown(IHostApplicationLifetime lifetime, StreamAccess access, ILogger<StreamShutdown> logger)
    {
        _logger = logger;
        _access = access;
        _stopping = lifetime.ApplicationStopping.Register(Close);
    }

    /// <summary>Streams being served now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>
    /// Serves a <c>/streams</c> request with <see cref="HttpContext.RequestAborted"/> also cancelled when the node stops
    /// (the endpoints hand that token to <see cref="StreamEvents"/>, and the SSE writer uses it too), and ends
    /// the response normally then, so the client sees the stream end rather than a broken connection.
    /// </summary>
    public async Task ServeAsync(HttpContext http, RequestDelegate next)
    {
        var aborted = http.RequestAborted;
        using var access = _access.Watch(http.User);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token, access.Token);
        http.RequestAborted = linked.Token;
        Interlocked.Increment(ref _open);
        try
        {
            await next(http);
        }
        catch (OperationCanceledException) when ((_closing.IsCancellationRequested || access.Token.IsCancellationRequested) && !aborted.IsCancellationRequested)
        {
            // Ended for the shutdown or the caller's access: the response completes, and the client reconnects.
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            http.RequestAborted = aborted;
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _closing.Dispose();
    }

    private void Close()
    {
        _logger.LogInformation("Node stopping: closing {Count} event stream(s); their clients reconnect with Last-Event-ID", Open);
        _closing.Cancel();
    }
}
