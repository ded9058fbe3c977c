using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Streams;

/// <summary>Streams within one node, held in memory.</summary>
internal sealed class InMemoryStreamProvider(StreamOptions options, ILoggerFactory loggers) : IStreamProvider
{
    private readonly ConcurrentDictionary<(StreamId, Type), object> _streams = new();
    private readonly StreamOptions _options = options;
    private readonly ILogger _logger = loggers.CreateLogger("Coordination.Actors.Streams");

    public IAsyncStream<T> GetStream<T>(StreamId id) =>
        (IAsyncStream<T>)_streams.GetOrAdd((id, typeof(T)), static (key, self) => new InMemoryStream<T>(key.Item1, self._options, self._logger), this);
}
