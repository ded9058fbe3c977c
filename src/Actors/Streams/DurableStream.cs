using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Coordination.Actors.Logs;
using Coordination.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Streams;

/// <summary>
/// A stream whose items are appended to a log in the node's database before anyone sees them. Sequence
/// numbers continue across restarts, so a subscriber (an SSE client with Last-Event-ID) resumes after
/// any token still retained and misses nothing. Subscribers see items in sequence order, each only
/// after it is durable.
/// </summary>
internal sealed class DurableStream<T> : IAsyncStream<T>, IStreamSource<T>
{
    private const int ReplayPageSize = 1_000;
    private readonly LogId _log;
    private readonly ILogStorage _logs;
    private readonly JsonTypeInfo<T> _type;
    private readonly StreamOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Queue<Pending> _pending = new();
    private readonly Lazy<Task> _loaded;
    private ImmutableArray<StreamSubscription<T>> _subscribers = [];
    private long _lastAssigned;
    private long _lastDelivered;

    public DurableStream(StreamId id, LogId log, ILogStorage logs, JsonTypeInfo<T> type, StreamOptions options, ILogger logger)
    {
        StreamId = id;
        _log = log;
        _logs = logs;
        _type = type;
        _options = options;
        _logger = logger;
        _loaded = new Lazy<Task>(LoadAsync);
    }

    public StreamId StreamId { get; }

    private async Task LoadAsync()
    {
        var last = await _logs.ReadLastSequenceAsync(_log);
        lock (_lock)
        {
            _lastAssigned = _lastDelivered = last;
        }
    }

    public async Task<StreamSequenceToken> OnNextAsync(T item) => (await PublishAsync(item, null))!.Value;

    public Task<StreamSequenceToken?> PublishOnceAsync(T item, string idempotencyKey) => PublishAsync(item, idempotencyKey);

    private async Task<StreamSequenceToken?> PublishAsync(T item, string? idempotencyKey)
    {
        await _loaded.Value;
        var data = JsonSerializer.Serialize(item, _type);
        Pending pending;
        lock (_lock)
        {
            pending = new Pending(item, ++_lastAssigned);
            _pending.Enqueue(pending);
        }

        try
        {
            pending.Appended = await _logs.AppendAsync(_log, pending.Sequence, data, idempotencyKey);
        }
        finally
        {
            lock (_lock)
            {
                pending.Done = true;
                DeliverCommitted();
            }
        }

        return pending.Appended ? new StreamSequenceToken(pending.Sequence) : null;
    }

    // Under the lock. Appends may commit out of order (concurrent batches); subscribers get them in sequence order.
    private void DeliverCommitted()
    {
        while (_pending.TryPeek(out var next) && next.Done)
        {
            _pending.Dequeue();
            if (!next.Appended)
            {
                continue;
            }

            _lastDelivered = next.Sequence;
            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(next.Item, next.Sequence);
            }
        }
    }

    public async Task<StreamSubscriptionHandle> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNext, StreamSequenceToken? after = null)
    {
        await _loaded.Value;
        var owner = RuntimeContext.Current?.Target;
        var subscription = new StreamSubscription<T>(this, onNext, owner, _options, _logger, held: after is not null);
        long replayUpTo;
        lock (_lock)
        {
            replayUpTo = _lastDelivered;
            _subscribers = _subscribers.Add(subscription);
        }

        owner?.Own(subscription);
        if (after is { SequenceNumber: var position })
        {
            try
            {
                await ReplayAsync(subscription, position, replayUpTo);
            }
            finally
            {
                subscription.ReleaseHeld();
            }
        }

        subscription.Start();
        return subscription;
    }

    // Everything up to replayUpTo is durable; what came after is held aside by the subscription.
    private async Task ReplayAsync(StreamSubscription<T> subscription, long after, long replayUpTo)
    {
        while (after < replayUpTo)
        {
            var entries = await _logs.ReadAsync(_log, after, ReplayPageSize);
            foreach (var entry in entries)
            {
                if (entry.Sequence > replayUpTo)
                {
                    return;
                }

                subscription.OfferReplayed(JsonSerializer.Deserialize(entry.Data, _type)!, entry.Sequence);
            }

            if (entries.Count < ReplayPageSize)
            {
                return;
            }

            after = entries[^1].Sequence;
        }
    }

    public void Remove(StreamSubscription<T> subscription)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }

    private sealed class Pending(T item, long sequence)
    {
        public T Item { get; } = item;

        public long Sequence { get; } = sequence;

        public bool Done { get; set; }

        public bool Appended { get; set; }
    }
}
