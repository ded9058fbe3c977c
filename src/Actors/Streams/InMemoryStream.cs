using System.Collections.Immutable;
using Coordination.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Streams;

internal sealed class InMemoryStream<T>(StreamId id, StreamOptions options, ILogger logger) : IAsyncStream<T>, IStreamSource<T>
{
    private readonly Lock _lock = new();
    private readonly Queue<(T Item, long Sequence)> _replay = new();
    private readonly HashSet<string> _recentKeys = [];
    private readonly Queue<string> _recentKeyOrder = new();
    private ImmutableArray<StreamSubscription<T>> _subscribers = [];
    private long _sequence;

    public StreamId StreamId => id;

    public Task<StreamSequenceToken> OnNextAsync(T item)
    {
        lock (_lock)
        {
            return Task.FromResult(Publish(item));
        }
    }

    // Keys are remembered for as many items as the replay buffer keeps (at least 1,000).
    public Task<StreamSequenceToken?> PublishOnceAsync(T item, string idempotencyKey)
    {
        lock (_lock)
        {
            if (!_recentKeys.Add(idempotencyKey))
            {
                return Task.FromResult<StreamSequenceToken?>(null);
            }

            _recentKeyOrder.Enqueue(idempotencyKey);
            if (_recentKeyOrder.Count > Math.Max(options.ReplayCapacity, 1_000))
            {
                _recentKeys.Remove(_recentKeyOrder.Dequeue());
            }

            return Task.FromResult<StreamSequenceToken?>(Publish(item));
        }
    }

    // Called under the lock: buffering under it keeps concurrent publishers in one order for every subscriber.
    private StreamSequenceToken Publish(T item)
    {
        var sequence = ++_sequence;
        if (options.ReplayCapacity > 0)
        {
            if (_replay.Count == options.ReplayCapacity)
            {
                _replay.Dequeue();
            }

            _replay.Enqueue((item, sequence));
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(item, sequence);
        }

        return new StreamSequenceToken(sequence);
    }

    public Task<StreamSubscriptionHandle> SubscribeAsync(Func<T, StreamSequenceToken, Task> onNext, StreamSequenceToken? after = null)
    {
        var owner = RuntimeContext.Current?.Target;
        var subscription = new StreamSubscription<T>(this, onNext, owner, options, logger);
        lock (_lock)
        {
            if (after is { } token)
            {
                foreach (var (item, sequence) in _replay)
                {
                    if (sequence > token.SequenceNumber)
                    {
                        subscription.Offer(item, sequence);
                    }
                }
            }

            _subscribers = _subscribers.Add(subscription);
        }

        owner?.Own(subscription);
        subscription.Start();
        return Task.FromResult<StreamSubscriptionHandle>(subscription);
    }

    public void Remove(StreamSubscription<T> subscription)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Remove(subscription);
        }
    }
}
