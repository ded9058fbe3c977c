using System.Collections.Concurrent;
using Coordination.Actors.Logs;
using Coordination.Actors.Storage;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Streams;

/// <summary>
/// Streams kept in the node's database (log <c>stream:{namespace}</c>, keyed by the stream key). Items older
/// than <see cref="StreamOptions.DurableRetention"/> are deleted once an hour.
/// </summary>
internal sealed class DurableStreamProvider : IStreamProvider, IDisposable
{
    private static readonly TimeSpan TrimInterval = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<(StreamId, Type), object> _streams = new();
    private readonly ConcurrentDictionary<string, byte> _logNames = new();
    private readonly ILogStorage _logs;
    private readonly ActorsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _trimTimer;

    public DurableStreamProvider(ILogStorage logs, ActorsOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _logs = logs;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger("Coordination.Actors.Streams");
        _trimTimer = time.CreateTimer(_ => _ = TrimAsync(), null, TrimInterval, TrimInterval);
    }

    public IAsyncStream<T> GetStream<T>(StreamId id) =>
        (IAsyncStream<T>)_streams.GetOrAdd((id, typeof(T)), static (key, self) => self.Create<T>(key.Item1), this);

    private DurableStream<T> Create<T>(StreamId id)
    {
        var logName = "stream:" + id.Namespace;
        _logNames.TryAdd(logName, 0);
        var type = JsonMetadata.Require<T>(_options.JsonOptions, $"items of durable stream {id}");
        return new DurableStream<T>(id, new LogId(logName, id.Key), _logs, type, _options.Streams, _logger);
    }

    private async Task TrimAsync()
    {
        var before = _time.GetUtcNow() - _options.Streams.DurableRetention;
        foreach (var logName in _logNames.Keys)
        {
            try
            {
                var removed = await _logs.TrimOlderThanAsync(logName, before);
                _logger.LogDebug("Deleted {Count} items of {Log} older than {Before}", removed, logName, before);
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Could not delete old items of {Log}", logName);
            }
        }
    }

    public void Dispose() => _trimTimer.Dispose();
}
