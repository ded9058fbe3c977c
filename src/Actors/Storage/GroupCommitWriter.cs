using System.Threading.Channels;

namespace Coordination.Actors.Storage;

/// <summary>
/// Collects writes from many grains and commits whatever has accumulated in one transaction, so one
/// fsync acknowledges a whole batch. A write completes only after its transaction committed.
/// Disposing drains the queue first: nothing already accepted is dropped.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<StoreWrite> _queue = Channel.CreateUnbounded<StoreWrite>(new() { SingleReader = true });
    private readonly Func<IReadOnlyList<StoreWrite>, Task> _commit;
    private readonly int _maxBatchSize;
    private readonly Task _loop;

    public GroupCommitWriter(Func<IReadOnlyList<StoreWrite>, Task> commit, int maxBatchSize)
    {
        _commit = commit;
        _maxBatchSize = maxBatchSize;
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
        var batch = new List<StoreWrite>(_maxBatchSize);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxBatchSize && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

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
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }
}
