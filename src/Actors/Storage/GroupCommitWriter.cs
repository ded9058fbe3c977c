using System.Threading.Channels;

namespace Coordination.Actors.Storage;

/// <summary>
/// Collects writes from many grains and commits whatever has accumulated in one transaction, so one
/// fsync acknowledges a whole batch. A write completes only after its transaction committed.
/// Up to <c>concurrentCommits</c> batches commit at once (each on its own connection); a grain never
/// has two writes in flight, so batches never race on one grain's row.
/// Disposing drains the queue first: nothing already accepted is dropped.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<StoreWrite> _queue = Channel.CreateUnbounded<StoreWrite>(new() { SingleReader = true });
    private readonly Func<IReadOnlyList<StoreWrite>, Task> _commit;
    private readonly int _maxBatchSize;
    private readonly SemaphoreSlim _commitSlots;
    private readonly int _concurrentCommits;
    private readonly Task _loop;

    public GroupCommitWriter(Func<IReadOnlyList<StoreWrite>, Task> commit, int maxBatchSize, int concurrentCommits)
    {
        _commit = commit;
        _maxBatchSize = maxBatchSize;
        _concurrentCommits = concurrentCommits;
        _commitSlots = new SemaphoreSlim(concurrentCommits);
        _loop = Task.Run(RunAsync);
    }

    public Task<int> Enqueue(StoreWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            write.Fail(new ObjectDisposedException(nameof(GroupCommitWriter), "Storage is closed: the node is shutting down."));
        }

        return write.RowsAffected;
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            await _commitSlots.WaitAsync();
            var batch = new List<StoreWrite>();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            _ = CommitAsync(batch);
        }

        // Drained: wait for the commits still running.
        for (var i = 0; i < _concurrentCommits; i++)
        {
            await _commitSlots.WaitAsync();
        }
    }

    private async Task CommitAsync(List<StoreWrite> batch)
    {
        try
        {
            await _commit(batch);
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Fail(exception);
            }
        }
        finally
        {
            _commitSlots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _commitSlots.Dispose();
    }
}
