using System.Threading.Channels;
using Coordination.Actors.Runtime;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Streams;

/// <summary>What a subscription is attached to.</summary>
internal interface IStreamSource<T>
{
    StreamId StreamId { get; }

    void Remove(StreamSubscription<T> subscription);
}

/// <summary>
/// One subscriber: a bounded buffer and a pump that hands items to the handler one at a time.
/// A subscription created held collects live items aside until <see cref="ReleaseHeld"/>, so replayed
/// items can be offered first and the handler still sees one ordered sequence.
/// </summary>
internal sealed class StreamSubscription<T> : StreamSubscriptionHandle, IDisposable
{
    private readonly IStreamSource<T> _stream;
    private readonly Func<T, StreamSequenceToken, Task> _onNext;
    private readonly Activation? _owner;
    private readonly ILogger _logger;
    private readonly Channel<(T Item, long Sequence)> _buffer;
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _holdLock = new();
    private List<(T Item, long Sequence)>? _held;
    private long _delivered;
    private long _dropped;
    private long _failed;

    public StreamSubscription(IStreamSource<T> stream, Func<T, StreamSequenceToken, Task> onNext, Activation? owner, StreamOptions options, ILogger logger, bool held = false)
    {
        _held = held ? [] : null;
        _stream = stream;
        _onNext = onNext;
        _owner = owner;
        _logger = logger;
        var mode = options.OverflowPolicy == StreamOverflowPolicy.DropNewest ? BoundedChannelFullMode.DropWrite : BoundedChannelFullMode.DropOldest;
        _buffer = Channel.CreateBounded<(T, long)>(
            new BoundedChannelOptions(options.SubscriberBufferCapacity) { FullMode = mode, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    public override StreamId StreamId => _stream.StreamId;

    public override long DeliveredCount => Interlocked.Read(ref _delivered);

    public override long DroppedCount => Interlocked.Read(ref _dropped);

    public override long FailedCount => Interlocked.Read(ref _failed);

    public void Offer(T item, long sequence)
    {
        if (Volatile.Read(ref _held) is not null)
        {
            lock (_holdLock)
            {
                if (_held is not null)
                {
                    _held.Add((item, sequence));
                    return;
                }
            }
        }

        _buffer.Writer.TryWrite((item, sequence));
    }

    /// <summary>Offers an item ahead of the live items held aside.</summary>
    public void OfferReplayed(T item, long sequence) => _buffer.Writer.TryWrite((item, sequence));

    /// <summary>Moves the live items held aside into the buffer, after the replayed ones, and stops holding.</summary>
    public void ReleaseHeld()
    {
        lock (_holdLock)
        {
            foreach (var (item, sequence) in _held ?? [])
            {
                _buffer.Writer.TryWrite((item, sequence));
            }

            Volatile.Write(ref _held, null);
        }
    }

    public void Start() => _ = Task.Run(PumpAsync);

    private async Task PumpAsync()
    {
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(_stopped.Token))
            {
                while (!_stopped.IsCancellationRequested && _buffer.Reader.TryRead(out var next))
                {
                    await DeliverAsync(next.Item, new StreamSequenceToken(next.Sequence));
                }
            }
        }
        catch (OperationCanceledException) when (_stopped.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(T item, StreamSequenceToken token)
    {
        try
        {
            if (_owner is null)
            {
                await _onNext(item, token);
            }
            else
            {
                var turn = new Delivery(this, item, token);
                if (!_owner.TryEnqueue(turn))
                {
                    Dispose(); // the owning grain is gone
                    return;
                }

                await turn.Done;
            }

            Interlocked.Increment(ref _delivered);
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failed);
            _logger.LogWarning(exception, "Subscriber of stream {StreamId} failed on item {Sequence}", StreamId, token.SequenceNumber);
        }
    }

    public override Task UnsubscribeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        _stopped.Cancel();
        _buffer.Writer.TryComplete();
        _stream.Remove(this);
        _owner?.Release(this);
    }

    /// <summary>A delivery run as a turn of the owning grain.</summary>
    private sealed class Delivery(StreamSubscription<T> subscription, T item, StreamSequenceToken token) : WorkItem
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public override bool IsFinished => _done.Task.IsCompleted;

        public override string Describe() => $"stream item {subscription.StreamId}#{token.SequenceNumber}";

        public override Task Start(Activation activation) => subscription._onNext(item, token);

        public override void Complete(Task turn) => _done.SettleFrom(turn);

        public override void Fail(Exception exception) => _done.TrySetException(exception);
    }
}
