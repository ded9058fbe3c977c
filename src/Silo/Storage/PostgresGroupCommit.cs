using System.Threading.Channels;
using Npgsql;

namespace Coordination.Silo.Storage;

/// <summary>
/// Group commit on PostgreSQL: whatever writes have queued (up to the batch size) go to the server as one
/// <see cref="NpgsqlBatch"/>, which PostgreSQL runs as one implicit transaction (one round trip, one commit, one WAL
/// flush), and each write is acknowledged only once that transaction committed. Up to <c>concurrentCommits</c> batches
/// commit at once, each on a pooled connection of its own; a grain never has two writes in flight, so concurrent
/// batches never race on one row of grain state (the log storage's appends, which can, never fail on a taken row).
/// When the server refuses one statement of a batch (which rolls the whole transaction back), the batch's writes run
/// again one by one, each in a transaction of its own: only a write whose own statement fails fails. A batch that
/// failed as a whole (the connection broke, the server is out of space or shutting down) is not run again: its writes
/// fail with the error, and so do those of an unknown outcome (the connection broke during the commit).
/// Disposing commits everything already queued first.
/// </summary>
internal sealed class PostgresGroupCommit : IAsyncDisposable
{
    private readonly Channel<PostgresWrite> _queue = Channel.CreateUnbounded<PostgresWrite>(new() { SingleReader = true });
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatchSize;
    private readonly int _concurrentCommits;
    private readonly SemaphoreSlim _commitSlots;
    private readonly string _owner;
    private readonly Task _loop;
    private long _committedBatches;
    private long _failedBatches;

    /// <param name="dataSource">The database; each batch takes a pooled connection of it.</param>
    /// <param name="maxBatchSize">Most writes in one transaction.</param>
    /// <param name="concurrentCommits">Most batches committing at once.</param>
    /// <param name="owner">Who writes, as messages name it (<c>PostgreSQL grain storage 'Default'</c>).</param>
    public PostgresGroupCommit(NpgsqlDataSource dataSource, int maxBatchSize, int concurrentCommits, string owner)
    {
        _owner = owner;
        _dataSource = dataSource;
        _maxBatchSize = maxBatchSize;
        _concurrentCommits = concurrentCommits;
        _commitSlots = new SemaphoreSlim(concurrentCommits);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many transactions of writes have committed (for tests and health reports).</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    /// <summary>How many batches the server failed, whose writes were then run one by one.</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Queues a write for the next group commit; completes with its outcome once its transaction committed.</summary>
    /// <exception cref="ObjectDisposedException">The writer is closed.</exception>
    public Task<long?> WriteAsync(PostgresWrite write)
    {
        if (!_queue.Writer.TryWrite(write))
        {
            write.Fail(new ObjectDisposedException(nameof(PostgresGroupCommit), $"{_owner} is closed: the silo is stopping."));
        }

        return write.Outcome;
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            await _commitSlots.WaitAsync();
            var batch = new List<PostgresWrite>();
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

    private async Task CommitAsync(List<PostgresWrite> batch)
    {
        try
        {
            var etags = await ExecuteAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Succeed(etags[i]);
            }
        }
        catch (PostgresException refused) when (batch.Count > 1 && RefusedOneStatement(refused))
        {
            // The server refused one statement, so the batch's transaction rolled back and nothing of it is stored:
            // each write runs again alone, and only the one whose statement fails (or the victim of a passing
            // deadlock that fails again) fails. The ETags the batch drew from the sequence are never used.
            Interlocked.Increment(ref _failedBatches);
            await ExecuteOneByOneAsync(batch);
        }
        catch (Exception exception)
        {
            FailAll(batch, 0, exception);
        }
        finally
        {
            _commitSlots.Release();
        }
    }

    private async Task ExecuteOneByOneAsync(List<PostgresWrite> batch)
    {
        var alone = new PostgresWrite[1];
        for (var i = 0; i < batch.Count; i++)
        {
            alone[0] = batch[i];
            try
            {
                batch[i].Succeed((await ExecuteAsync(alone))[0]);
            }
            catch (PostgresException refused) when (RefusedOneStatement(refused))
            {
                batch[i].Fail(refused);
            }
            catch (Exception exception)
            {
                // The database itself is failing now: the rest would only fail the same way, one by one.
                FailAll(batch, i, exception);
                return;
            }
        }
    }

    /// <summary>
    /// Whether the server refused a statement rather than the batch as such: any error but those of the classes that say
    /// the connection, the server's resources or the server itself failed (08, 53, 57, 58, XX).
    /// </summary>
    private static bool RefusedOneStatement(PostgresException refused) => refused.SqlState[..2] is not ("08" or "53" or "57" or "58" or "XX");

    private static void FailAll(List<PostgresWrite> batch, int from, Exception exception)
    {
        for (var i = from; i < batch.Count; i++)
        {
            batch[i].Fail(exception);
        }
    }

    /// <summary>Runs the writes as one implicit transaction; returns each one's outcome (a new ETag; null: conflict) once it committed.</summary>
    private async Task<long?[]> ExecuteAsync(IReadOnlyList<PostgresWrite> writes)
    {
        var etags = new long?[writes.Count];
        await using (var connection = await _dataSource.OpenConnectionAsync())
        await using (var batch = new NpgsqlBatch(connection))
        {
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(write.ToCommand());
            }

            await using var reader = await batch.ExecuteReaderAsync();
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync())
                {
                    throw new InvalidOperationException($"PostgreSQL returned {i} results for a batch of {writes.Count} writes.");
                }

                etags[i] = await reader.ReadAsync() ? reader.GetInt64(0) : null;
            }

            // The commit's own outcome (an error at commit) arrives after the last result: read up to it before any
            // write is acknowledged.
            while (await reader.NextResultAsync())
            {
            }
        }

        Interlocked.Increment(ref _committedBatches);
        return etags;
    }

    /// <summary>Commits every write already queued, then stops. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        var first = _queue.Writer.TryComplete();
        await _loop;
        if (first)
        {
            _commitSlots.Dispose();
        }
    }
}
