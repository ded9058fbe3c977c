using Coordination.Grains.Journals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.Silo.Tests.Logs;

/// <summary>
/// What every log storage of the node must do: appends at a sequence that refuse a taken sequence or idempotency key,
/// appends at the next sequence that never collide, reads in sequence order, first and last sequences, trims by
/// sequence and by age, entries that survive closing the database, and appends acknowledged only once committed.
/// Each test has logs of its own (names unique to the test), registered through the storage's own AddX extension
/// with a manual clock, so that the times entries are written at are exact.
/// </summary>
public abstract class LogStorageContract : IAsyncLifetime
{
    /// <summary>The clock's time when a test starts: entries written before it moves carry exactly this time.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private ServiceProvider? _services;

    /// <summary>What this test's log names start with, so that it can clean up after itself in a shared database.</summary>
    protected string Prefix { get; } = $"log-tests-{Guid.NewGuid():N}";

    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The storage under test.</summary>
    protected ILogStorage Storage => _services!.GetRequiredService<ILogStorage>();

    /// <summary>The services the storage under test lives in.</summary>
    protected IServiceProvider Services => _services!;

    /// <summary>Adds the storage under test to <paramref name="services"/> through its registration extension.</summary>
    protected abstract void AddLogStorage(IServiceCollection services);

    /// <summary>The data of an entry as a connection of the test's own, opened now, reads it; null when it is not there.</summary>
    protected abstract Task<string?> ReadDataOnNewConnectionAsync(LogId log, long sequence);

    public virtual Task InitializeAsync()
    {
        _services = BuildServices();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await CloseAsync();

    /// <summary>Services as the node builds them: the storage, the clock, nothing else.</summary>
    protected ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        AddLogStorage(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Disposes the services, and with them the storage: what is queued commits and the database closes.</summary>
    protected async Task CloseAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
            _services = null;
        }
    }

    protected LogId NewLog(string name = "case-record") => new($"{Prefix}-{name}", $"SH01-{Guid.NewGuid():N}");

    [Fact]
    public async Task Append_NewSequence_StoresTheEntryAtTheClocksTime()
    {
        var log = NewLog();

        Assert.True(await Storage.AppendAsync(log, 1, """{"event":"filed"}"""));

        Assert.Equal([new LogEntry(1, Start, """{"event":"filed"}""")], await Storage.ReadAsync(log, 0));
    }

    [Fact]
    public async Task Append_SequenceTaken_ReturnsFalseAndKeepsTheFirstEntry()
    {
        var log = NewLog();
        await Storage.AppendAsync(log, 1, "first", "key-1");

        Assert.False(await Storage.AppendAsync(log, 1, "second", "key-2"));
        Assert.False(await Storage.AppendAsync(log, 1, "third"));

        Assert.Equal(["first"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
    }

    [Fact]
    public async Task Append_IdempotencyKeyTaken_ReturnsFalseAndStoresNothing()
    {
        var log = NewLog();
        await Storage.AppendAsync(log, 1, "first", "alert-7");

        Assert.False(await Storage.AppendAsync(log, 2, "again", "alert-7"));

        Assert.Equal([1L], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Sequence));
    }

    [Fact]
    public async Task Append_IdempotencyKeyOfAnotherLog_IsStored()
    {
        var (one, other) = (NewLog("alerts"), NewLog("alerts"));
        await Storage.AppendAsync(one, 1, "one", "alert-7");

        Assert.True(await Storage.AppendAsync(other, 1, "other", "alert-7"));
        Assert.Equal(1L, await Storage.AppendNextAsync(NewLog("alerts"), "third", "alert-7"));
    }

    [Fact]
    public async Task Append_WithoutIdempotencyKeys_StoresEachSequence()
    {
        var log = NewLog();

        Assert.True(await Storage.AppendAsync(log, 1, "a"));
        Assert.True(await Storage.AppendAsync(log, 2, "b"));

        Assert.Equal(["a", "b"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
    }

    [Fact]
    public async Task AppendNext_EmptyLog_AssignsOneTwoThree()
    {
        var log = NewLog("alerts");

        long?[] sequences = [await Storage.AppendNextAsync(log, "a", "k1"), await Storage.AppendNextAsync(log, "b", "k2"), await Storage.AppendNextAsync(log, "c", "k3")];

        Assert.Equal(new long?[] { 1, 2, 3 }, sequences);
        Assert.Equal([new LogEntry(1, Start, "a"), new LogEntry(2, Start, "b"), new LogEntry(3, Start, "c")], await Storage.ReadAsync(log, 0));
    }

    [Fact]
    public async Task AppendNext_IdempotencyKeyTaken_ReturnsNullAndStoresNothing()
    {
        var log = NewLog("alerts");
        await Storage.AppendNextAsync(log, "a", "k1");
        await Storage.AppendNextAsync(log, "b", "k2");

        Assert.Null(await Storage.AppendNextAsync(log, "a again", "k1"));

        Assert.Equal(["a", "b"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
        Assert.Equal(3L, await Storage.AppendNextAsync(log, "c", "k3"));
    }

    [Fact]
    public async Task AppendNext_KeyOfAnEntryAppendedAtASequence_ReturnsNull()
    {
        var log = NewLog("alerts");
        await Storage.AppendAsync(log, 1, "a", "k1");

        Assert.Null(await Storage.AppendNextAsync(log, "a again", "k1"));
    }

    [Fact]
    public async Task AppendNext_AfterAGap_ContinuesAfterTheHighestSequence()
    {
        var log = NewLog("alerts");
        await Storage.AppendAsync(log, 10, "ten");

        Assert.Equal(11L, await Storage.AppendNextAsync(log, "eleven", "k11"));
    }

    [Fact]
    public async Task AppendNext_FiftyConcurrentCallers_GetFiftyDistinctConsecutiveSequences()
    {
        var log = NewLog("alerts");

        var sequences = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Storage.AppendNextAsync(log, $"alert {i}", $"k{i}"))));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long?)i), sequences.Order());
        // Each caller got the sequence its own entry is stored at.
        var stored = (await Storage.ReadAsync(log, 0)).ToDictionary(entry => entry.Sequence, entry => entry.Data);
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal($"alert {i}", stored[sequences[i]!.Value]));
    }

    [Fact]
    public async Task AppendNext_FiftyConcurrentCallersOneKey_ExactlyOneIsStored()
    {
        var log = NewLog("alerts");

        var sequences = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Storage.AppendNextAsync(log, $"alert {i}", "one-alert"))));

        Assert.Equal([1L], sequences.OfType<long>());
        Assert.Single(await Storage.ReadAsync(log, 0));
    }

    [Fact]
    public async Task Read_AfterSequence_ReturnsTheLaterEntriesInSequenceOrder()
    {
        var log = NewLog();
        foreach (var sequence in new long[] { 5, 2, 9, 1, 7 })
        {
            await Storage.AppendAsync(log, sequence, $"entry {sequence}");
        }

        var read = await Storage.ReadAsync(log, 2);

        Assert.Equal([5L, 7L, 9L], read.Select(entry => entry.Sequence));
        Assert.Equal(["entry 5", "entry 7", "entry 9"], read.Select(entry => entry.Data));
    }

    [Fact]
    public async Task Read_MaxCount_ReturnsAtMostThatManyFromTheFirstAfter()
    {
        var log = NewLog();
        for (var sequence = 1; sequence <= 6; sequence++)
        {
            await Storage.AppendAsync(log, sequence, $"entry {sequence}");
        }

        Assert.Equal([3L, 4L], (await Storage.ReadAsync(log, 2, maxCount: 2)).Select(entry => entry.Sequence));
        Assert.Empty(await Storage.ReadAsync(log, 2, maxCount: 0));
        Assert.Empty(await Storage.ReadAsync(log, 6));
    }

    [Fact]
    public async Task Read_OtherLogsOfTheNameOrKey_AreNotIncluded()
    {
        var log = NewLog();
        await Storage.AppendAsync(log, 1, "mine");
        await Storage.AppendAsync(log with { Key = log.Key + "-other" }, 2, "other key");
        await Storage.AppendAsync(log with { Name = log.Name + "-other" }, 3, "other name");

        Assert.Equal(["mine"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
        Assert.Equal(1L, await Storage.ReadLastSequenceAsync(log));
    }

    [Fact]
    public async Task Read_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage.ReadAsync(NewLog(), 0, cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task ReadFirstAndLastSequence_EmptyLog_AreZero()
    {
        var log = NewLog();

        Assert.Equal(0L, await Storage.ReadFirstSequenceAsync(log));
        Assert.Equal(0L, await Storage.ReadLastSequenceAsync(log));
        Assert.Empty(await Storage.ReadAsync(log, 0));
    }

    [Fact]
    public async Task ReadFirstAndLastSequence_EntriesWithGaps_AreTheLowestAndTheHighest()
    {
        var log = NewLog();
        foreach (var sequence in new long[] { 8, 3, 12 })
        {
            await Storage.AppendAsync(log, sequence, "entry");
        }

        Assert.Equal(3L, await Storage.ReadFirstSequenceAsync(log));
        Assert.Equal(12L, await Storage.ReadLastSequenceAsync(log));
    }

    [Fact]
    public async Task Trim_UpToASequence_DeletesThoseEntriesOnlyAndReturnsHowMany()
    {
        var (log, other) = (NewLog(), NewLog());
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await Storage.AppendAsync(log, sequence, $"entry {sequence}");
            await Storage.AppendAsync(other, sequence, $"entry {sequence}");
        }

        Assert.Equal(3, await Storage.TrimAsync(log, 3));
        Assert.Equal(0, await Storage.TrimAsync(log, 3));

        Assert.Equal([4L, 5L], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Sequence));
        Assert.Equal(4L, await Storage.ReadFirstSequenceAsync(log));
        Assert.Equal(5L, await Storage.ReadLastSequenceAsync(log));
        Assert.Equal(5, (await Storage.ReadAsync(other, 0)).Count);
    }

    [Fact]
    public async Task Trim_Everything_LeavesTheLogEmpty()
    {
        var log = NewLog();
        await Storage.AppendAsync(log, 1, "a");
        await Storage.AppendAsync(log, 2, "b");

        Assert.Equal(2, await Storage.TrimAsync(log, long.MaxValue));

        Assert.Equal(0L, await Storage.ReadFirstSequenceAsync(log));
        Assert.Equal(0L, await Storage.ReadLastSequenceAsync(log));
    }

    [Fact]
    public async Task TrimOlderThan_DeletesTheOlderEntriesOfEveryLogOfTheNameAndReturnsHowMany()
    {
        var (first, second, otherName) = (NewLog("alerts"), NewLog("alerts"), NewLog("case-record"));
        await AppendEverywhereAsync(1, first, second, otherName);
        Time.Advance(TimeSpan.FromMinutes(1));
        await AppendEverywhereAsync(2, first, second, otherName);
        Time.Advance(TimeSpan.FromMinutes(1));
        var cutoff = Time.GetUtcNow();
        await AppendEverywhereAsync(3, first, second, otherName);
        Time.Advance(TimeSpan.FromMinutes(1));
        await AppendEverywhereAsync(4, first, second, otherName);

        // Before the cutoff: entries 1 and 2 of both alert logs; the one written at the cutoff itself stays (and a log's last entry always does).
        Assert.Equal(4, await Storage.TrimOlderThanAsync(first.Name, cutoff));

        Assert.Equal([new LogEntry(3, cutoff, "entry 3"), new LogEntry(4, cutoff.AddMinutes(1), "entry 4")], await Storage.ReadAsync(first, 0));
        Assert.Equal([3L, 4L], (await Storage.ReadAsync(second, 0)).Select(entry => entry.Sequence));
        Assert.Equal(4, (await Storage.ReadAsync(otherName, 0)).Count);
        Assert.Equal(0, await Storage.TrimOlderThanAsync(first.Name, cutoff));
    }

    [Fact]
    public async Task TrimOlderThan_EveryEntryExpired_KeepsTheLastSoAppendNextNeverReusesASequence()
    {
        var log = NewLog("alerts");
        Assert.Equal(1L, await Storage.AppendNextAsync(log, "a", "k1"));
        Assert.Equal(2L, await Storage.AppendNextAsync(log, "b", "k2"));
        Time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(1, await Storage.TrimOlderThanAsync(log.Name, Time.GetUtcNow()));

        Assert.Equal((2L, 2L), (await Storage.ReadFirstSequenceAsync(log), await Storage.ReadLastSequenceAsync(log)));
        Assert.Equal(3L, await Storage.AppendNextAsync(log, "c", "k3"));
    }

    [Fact]
    public async Task Reopened_EntriesAndTheirTimesSurviveAndAppendNextContinues()
    {
        var log = NewLog("alerts");
        await Storage.AppendNextAsync(log, "a", "k1");
        Time.Advance(TimeSpan.FromSeconds(5));
        await Storage.AppendNextAsync(log, "b", "k2");
        await CloseAsync();

        await using var reopened = BuildServices();
        var storage = reopened.GetRequiredService<ILogStorage>();

        Assert.Equal([new LogEntry(1, Start, "a"), new LogEntry(2, Start.AddSeconds(5), "b")], await storage.ReadAsync(log, 0));
        Assert.Null(await storage.AppendNextAsync(log, "a again", "k1"));
        Assert.Equal(3L, await storage.AppendNextAsync(log, "c", "k3"));
    }

    [Fact]
    public async Task Append_Completed_IsCommittedForEveryConnection()
    {
        var log = NewLog();

        var appends = Enumerable.Range(1, 20).Select(async sequence =>
        {
            await Storage.AppendAsync(log, sequence, $"entry {sequence}");
            return await ReadDataOnNewConnectionAsync(log, sequence);
        });
        var next = Enumerable.Range(0, 20).Select(async i =>
        {
            var sequence = (await Storage.AppendNextAsync(log with { Name = log.Name + "-next" }, $"next {i}", $"k{i}"))!.Value;
            return (Data: await ReadDataOnNewConnectionAsync(log with { Name = log.Name + "-next" }, sequence), Expected: $"next {i}");
        });

        Assert.Equal(Enumerable.Range(1, 20).Select(sequence => $"entry {sequence}"), await Task.WhenAll(appends));
        Assert.All(await Task.WhenAll(next), read => Assert.Equal(read.Expected, read.Data));
    }

    [Fact]
    public async Task Disposed_Append_ThrowsObjectDisposed()
    {
        var storage = Storage;
        await storage.AppendAsync(NewLog(), 1, "a");
        await CloseAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.AppendAsync(NewLog(), 1, "b"));
    }

    [Fact]
    public async Task Append_SequenceBelowOne_IsRefusedAsAnArgument()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.AppendAsync(NewLog(), 0, "a"));
    }

    private async Task AppendEverywhereAsync(long sequence, params LogId[] logs)
    {
        foreach (var log in logs)
        {
            Assert.True(await Storage.AppendAsync(log, sequence, $"entry {sequence}"));
        }
    }
}
