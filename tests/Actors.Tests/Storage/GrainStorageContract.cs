using Coordination.Actors.Logs;
using Coordination.Actors.Reminders;
using Coordination.Actors.Storage;
using Coordination.Actors.Testing;

namespace Coordination.Actors.Tests.Storage;

/// <summary>What every storage provider must do. Each provider's test class only says how to reach its database.</summary>
public abstract class GrainStorageContract : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private RelationalStore _store = null!;

    protected abstract StorageOptions Options { get; }

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<RelationalStore> OpenAsync()
    {
        var store = RelationalStore.Create(Options, _time);
        await store.StartAsync(CancellationToken.None);
        return store;
    }

    private static GrainStateKey NewKey() => new("contract", Guid.NewGuid().ToString("N"), "state");

    [Fact]
    public async Task Read_NothingStored_ReturnsNull() =>
        Assert.Null(await _store.ReadAsync(NewKey()));

    [Fact]
    public async Task Write_ThenRead_ReturnsTheJsonWithTheNewEtag()
    {
        var key = NewKey();
        var etag = await _store.WriteAsync(key, """{"value":1}""", null);
        var stored = await _store.ReadAsync(key);
        Assert.Equal(new StoredGrainState("""{"value":1}""", etag), stored);
        var next = await _store.WriteAsync(key, """{"value":2}""", etag);
        Assert.NotEqual(etag, next);
        Assert.Equal(new StoredGrainState("""{"value":2}""", next), await _store.ReadAsync(key));
    }

    [Fact]
    public async Task WriteWithStaleEtag_FailsWithConcurrencyError_AndChangesNothing()
    {
        var key = NewKey();
        var first = await _store.WriteAsync(key, "1", null);
        var second = await _store.WriteAsync(key, "2", first);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(key, "stale", first));
        Assert.Contains("Stale ETag", error.Message);
        Assert.Contains(key.ToString(), error.Message);
        Assert.Equal(new StoredGrainState("2", second), await _store.ReadAsync(key));
    }

    [Fact]
    public async Task WriteWithoutEtag_WhenAStateExists_FailsAndChangesNothing()
    {
        var key = NewKey();
        var etag = await _store.WriteAsync(key, "kept", null);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(key, "lost", null));
        Assert.Equal(new StoredGrainState("kept", etag), await _store.ReadAsync(key));
    }

    [Fact]
    public async Task Clear_RemovesTheState_ButAWriterHoldingTheOldEtagStillFails()
    {
        var key = NewKey();
        var written = await _store.WriteAsync(key, "1", null);
        var cleared = await _store.ClearAsync(key, written);
        Assert.Equal(new StoredGrainState(null, cleared), await _store.ReadAsync(key));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(key, "stale", written));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _store.WriteAsync(key, "stale", null));
        Assert.Equal(new StoredGrainState("3", await _store.WriteAsync(key, "3", cleared)), await _store.ReadAsync(key));
    }

    [Fact]
    public async Task ConcurrentWritesWithTheSameEtag_ExactlyOneWins()
    {
        var key = NewKey();
        var etag = await _store.WriteAsync(key, "0", null);
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 20).Select(async i =>
        {
            try
            {
                return (Etag: await _store.WriteAsync(key, i.ToString(), etag), Error: (Exception?)null);
            }
            catch (Exception error)
            {
                return (Etag: (string?)null, Error: error);
            }
        }));
        var winner = Assert.Single(outcomes, o => o.Error is null);
        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<InconsistentStateException>(o.Error));
        Assert.Equal(winner.Etag, (await _store.ReadAsync(key))!.Etag);
    }

    [Fact]
    public async Task ManyConcurrentWrites_EveryAcknowledgedWriteIsReadBackAfterReopening()
    {
        var keys = Enumerable.Range(0, 500).Select(_ => NewKey()).ToArray();
        var etags = await Task.WhenAll(keys.Select((key, i) => _store.WriteAsync(key, i.ToString(), null)));
        await _store.DisposeAsync();
        _store = await OpenAsync();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(new StoredGrainState(i.ToString(), etags[i]), await _store.ReadAsync(keys[i]));
        }
    }

    [Fact]
    public async Task Reminders_AreStoredReadBackAndDeleted()
    {
        var grain = new GrainId("contract", Guid.NewGuid().ToString("N"));
        var due = _time.GetUtcNow().AddHours(1);
        var periodic = new ReminderEntry(grain, "periodic", due, due, TimeSpan.FromMinutes(5), 7);
        var once = new ReminderEntry(grain, "once", due, due, null, 8);
        await _store.UpsertAsync(periodic);
        await _store.UpsertAsync(once);
        var mine = (await _store.ReadAllAsync(CancellationToken.None)).Where(r => r.GrainId == grain).OrderBy(r => r.Name).ToList();
        Assert.Equal([once, periodic], mine);
        Assert.True(await _store.DeleteAsync(grain, "once", generation: null));
        Assert.DoesNotContain(once, await _store.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReminderTickOfAnOldRegistration_NeitherDeletesNorMovesTheNewOne()
    {
        var grain = new GrainId("contract", Guid.NewGuid().ToString("N"));
        var due = _time.GetUtcNow();
        var renewed = new ReminderEntry(grain, "deadline", due, due.AddDays(3), null, 2);
        await _store.UpsertAsync(new ReminderEntry(grain, "deadline", due, due, null, 1));
        await _store.UpsertAsync(renewed);
        Assert.False(await _store.DeleteAsync(grain, "deadline", generation: 1));
        Assert.False(await _store.RescheduleAsync(grain, "deadline", 1, due.AddDays(9)));
        Assert.Contains(renewed, await _store.ReadAllAsync(CancellationToken.None));
        Assert.True(await _store.RescheduleAsync(grain, "deadline", 2, due.AddDays(4)));
        Assert.Contains(renewed with { DueAt = due.AddDays(4) }, await _store.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Start_OnAnExistingDatabase_KeepsItsData()
    {
        var key = NewKey();
        var etag = await _store.WriteAsync(key, "kept", null);
        await using var second = await OpenAsync();
        Assert.Equal(new StoredGrainState("kept", etag), await second.ReadAsync(key));
    }

    // A fresh log name too, so expiry by name never touches what earlier runs left in a shared database.
    private static LogId NewLog() => new("contract-" + Guid.NewGuid().ToString("N"), "owner");

    [Fact]
    public async Task LogAppends_AreReadBackInSequenceOrder_AfterReopening()
    {
        var log = NewLog();
        var appended = await Task.WhenAll(Enumerable.Range(1, 3).Reverse().Select(seq => _store.AppendAsync(log, seq, $"{{\"n\":{seq}}}")));
        Assert.All(appended, Assert.True);
        await _store.DisposeAsync();
        _store = await OpenAsync();
        var entries = await _store.ReadAsync(log, 0);
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(["""{"n":1}""", """{"n":2}""", """{"n":3}"""], entries.Select(e => e.Data));
        Assert.Equal(3, await _store.ReadLastSequenceAsync(log));
        Assert.Equal([3L], (await _store.ReadAsync(log, 2)).Select(e => e.Sequence));
        Assert.Equal([1L, 2L], (await _store.ReadAsync(log, 0, maxCount: 2)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task LogAppend_OfATakenSequenceOrIdempotencyKey_StoresNothing()
    {
        var log = NewLog();
        Assert.True(await _store.AppendAsync(log, 1, "first", "key-a"));
        Assert.False(await _store.AppendAsync(log, 1, "same sequence"));
        Assert.False(await _store.AppendAsync(log, 2, "same key", "key-a"));
        Assert.True(await _store.AppendAsync(log, 2, "other key", "key-b"));
        Assert.True(await _store.AppendAsync(NewLog(), 1, "same key, other log", "key-a"));
        Assert.Equal(["first", "other key"], (await _store.ReadAsync(log, 0)).Select(e => e.Data));
    }

    [Fact]
    public async Task LogTrim_DeletesUpToASequence_AndExpiry_DeletesByAge()
    {
        var log = NewLog();
        await _store.AppendAsync(log, 1, "old");
        _time.Advance(TimeSpan.FromDays(2));
        await _store.AppendAsync(log, 2, "newer");
        await _store.AppendAsync(log, 3, "newest");
        Assert.Equal(1, await _store.TrimOlderThanAsync(log.Name, _time.GetUtcNow().AddDays(-1)));
        Assert.Equal(1, await _store.TrimAsync(log, 2));
        var remaining = Assert.Single(await _store.ReadAsync(log, 0));
        Assert.Equal((3L, _time.GetUtcNow().ToUnixTimeMilliseconds()), (remaining.Sequence, remaining.WrittenAt.ToUnixTimeMilliseconds()));
        Assert.Equal(0, await _store.ReadLastSequenceAsync(NewLog()));
    }

    [Fact]
    public async Task HealthCheck_ReportsNoError() =>
        Assert.Null(await _store.CheckAsync(CancellationToken.None));
}

public sealed class SqliteGrainStorageTests : GrainStorageContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("coordination-sqlite-");

    protected override StorageOptions Options => TestDatabases.TemporarySqlite(_folder.FullName);

    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>Needs the PostgreSQL server that deploy/postgres.sh starts.</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresGrainStorageTests : GrainStorageContract
{
    protected override StorageOptions Options => TestDatabases.Postgres();
}
