using Coordination.Silo.Tests.Providers;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Tests.Reminders;

/// <summary>
/// What every reminder table of the node must do, as Orleans' reminder table tests state it: an upsert returns a new
/// ETag each time, a removal needs the current one, and range reads follow the ring: (begin, end], wrapping past
/// the top when begin ≥ end. Each test gets a table of its own (its own database file or service id).
/// </summary>
public abstract class ReminderTableContract : IAsyncLifetime
{
    private ProviderServices? _providers;

    protected IReminderTable Table { get; private set; } = null!;

    /// <summary>The services the table under test lives in.</summary>
    protected IServiceProvider Services => _providers!.Services;

    /// <summary>Starts the services with the reminder table under test registered.</summary>
    protected abstract Task<ProviderServices> StartProvidersAsync();

    public async Task InitializeAsync()
    {
        _providers = await StartProvidersAsync();
        Table = await _providers.ReminderTableAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_providers is not null)
        {
            await _providers.DisposeAsync();
            _providers = null;
        }
    }

    protected static GrainId NewGrainId() => GrainId.Create("deadline-scheduler", $"SH01/{Guid.NewGuid():N}");

    /// <summary>A reminder starting at a whole millisecond (PostgreSQL keeps milliseconds), in UTC.</summary>
    protected static ReminderEntry NewReminder(GrainId grainId, string name, int minutes = 1) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = new DateTime(2026, 12, 1, 8, 30, 15, 123, DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(minutes),
    };

    [Fact]
    public async Task ReadRow_NothingStored_ReturnsNull()
    {
        Assert.Null(await Table.ReadRow(NewGrainId(), "deadline"));
        Assert.Empty((await Table.ReadRows(NewGrainId())).Reminders);
    }

    [Fact]
    public async Task UpsertRow_ThenReadRow_ReturnsTheEntryWithTheUpsertsEtag()
    {
        var reminder = NewReminder(NewGrainId(), "deadline/SH01-2026-1234#tier\\1?");

        var etag = await Table.UpsertRow(reminder);
        var read = await Table.ReadRow(reminder.GrainId, reminder.ReminderName);

        Assert.NotNull(etag);
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(reminder.GrainId, read.GrainId);
        Assert.Equal(reminder.ReminderName, read.ReminderName);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(DateTimeKind.Utc, read.StartAt.Kind);
        Assert.Equal(reminder.Period, read.Period);
    }

    [Fact]
    public async Task UpsertRow_Again_ReturnsANewEtagAndStoresTheNewSchedule()
    {
        var reminder = NewReminder(NewGrainId(), "deadline");
        var first = await Table.UpsertRow(reminder);

        reminder.StartAt = reminder.StartAt.AddHours(1);
        reminder.Period = TimeSpan.FromMinutes(5);
        var second = await Table.UpsertRow(reminder);

        Assert.NotEqual(first, second);
        var read = await Table.ReadRow(reminder.GrainId, reminder.ReminderName);
        Assert.Equal(second, read!.ETag);
        Assert.Equal(reminder.StartAt, read.StartAt);
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
        Assert.Single((await Table.ReadRows(reminder.GrainId)).Reminders);
    }

    [Fact]
    public async Task UpsertRow_ConcurrentlyOnOneRow_EachUpsertGetsAnEtagOfItsOwn()
    {
        var grainId = NewGrainId();

        var etags = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
        {
            var reminder = NewReminder(grainId, "deadline");
            reminder.StartAt = reminder.StartAt.AddMilliseconds(i);
            return Table.UpsertRow(reminder);
        }));

        Assert.Equal(5, etags.Distinct().Count());
        Assert.Contains((await Table.ReadRow(grainId, "deadline"))!.ETag, etags);
    }

    [Fact]
    public async Task RemoveRow_CurrentEtag_RemovesTheRowOnce()
    {
        var reminder = NewReminder(NewGrainId(), "deadline");
        var etag = await Table.UpsertRow(reminder);

        Assert.True(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, etag!));
        Assert.Null(await Table.ReadRow(reminder.GrainId, reminder.ReminderName));
        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, etag!));
    }

    [Fact]
    public async Task RemoveRow_StaleEtag_ReturnsFalseAndKeepsTheRow()
    {
        var reminder = NewReminder(NewGrainId(), "deadline");
        var stale = await Table.UpsertRow(reminder);
        var current = await Table.UpsertRow(reminder);

        Assert.False(await Table.RemoveRow(reminder.GrainId, reminder.ReminderName, stale!));

        Assert.Equal(current, (await Table.ReadRow(reminder.GrainId, reminder.ReminderName))!.ETag);
    }

    [Fact]
    public async Task RemoveRow_OtherNameOrGrain_ReturnsFalseAndKeepsTheRow()
    {
        var reminder = NewReminder(NewGrainId(), "deadline");
        var etag = await Table.UpsertRow(reminder);

        Assert.False(await Table.RemoveRow(reminder.GrainId, "other", etag!));
        Assert.False(await Table.RemoveRow(NewGrainId(), reminder.ReminderName, etag!));

        Assert.Equal(etag, (await Table.ReadRow(reminder.GrainId, reminder.ReminderName))!.ETag);
    }

    [Fact]
    public async Task ReadRows_Grain_ReturnsThatGrainsRemindersOnly()
    {
        var grainId = NewGrainId();
        await Table.UpsertRow(NewReminder(grainId, "first"));
        await Table.UpsertRow(NewReminder(grainId, "second"));
        await Table.UpsertRow(NewReminder(NewGrainId(), "first"));

        var rows = (await Table.ReadRows(grainId)).Reminders;

        Assert.Equal(["first", "second"], rows.Select(row => row.ReminderName).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal(grainId, row.GrainId));
    }

    [Fact]
    public async Task ReadRows_Range_ExcludesTheRowAtBeginAndIncludesTheRowAtEnd()
    {
        var ring = await UpsertRingAsync(12);
        var (begin, end) = (ring[2].Hash, ring[7].Hash);

        var names = await ReadRangeAsync(begin, end);

        Assert.Equal(ring[3..8].Select(entry => entry.Name).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task ReadRows_BeginAboveEnd_WrapsPastTheTopOfTheRing()
    {
        var ring = await UpsertRingAsync(12);
        var (begin, end) = (ring[8].Hash, ring[2].Hash);

        var names = await ReadRangeAsync(begin, end);

        // (begin, max] then [0, end]: the rows after the 9th, then the first three.
        Assert.Equal(ring[9..].Concat(ring[..3]).Select(entry => entry.Name).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task ReadRows_BeginEqualsEnd_ReturnsTheWholeRing()
    {
        var ring = await UpsertRingAsync(12);

        Assert.Equal(ring.Select(entry => entry.Name).Order(StringComparer.Ordinal), await ReadRangeAsync(ring[4].Hash, ring[4].Hash));
        Assert.Equal(ring.Select(entry => entry.Name).Order(StringComparer.Ordinal), await ReadRangeAsync(0, 0));
    }

    [Fact]
    public async Task ReadRows_AnyRange_ReturnsExactlyTheRowsWhoseHashLiesInIt()
    {
        var ring = await UpsertRingAsync(40);
        var hashes = ring.Select(entry => entry.Hash).ToArray();
        var bounds = new List<(uint Begin, uint End)> { (0, uint.MaxValue), (uint.MaxValue, 0), (0x7FFF_FFFF, 0x8000_0000), (0x8000_0000, 0x7FFF_FFFF) };
        for (var i = 0; i < hashes.Length; i += 3)
        {
            var j = (i * 7 + 5) % hashes.Length;
            bounds.Add((hashes[i], hashes[j]));
            bounds.Add((hashes[i] - 1, hashes[j] + 1));
        }

        foreach (var (begin, end) in bounds)
        {
            var expected = ring.Where(entry => begin < end ? entry.Hash > begin && entry.Hash <= end : entry.Hash > begin || entry.Hash <= end)
                .Select(entry => entry.Name).Order(StringComparer.Ordinal);
            Assert.Equal(expected, await ReadRangeAsync(begin, end));
        }
    }

    [Fact]
    public async Task TestOnlyClearTable_RemovesEveryRow()
    {
        var ring = await UpsertRingAsync(5);

        await Table.TestOnlyClearTable();

        Assert.Empty((await Table.ReadRows(0, 0)).Reminders);
        Assert.Null(await Table.ReadRow(ring[0].GrainId, ring[0].Name));
    }

    /// <summary>Reminders of grains spread over the ring (hashes on both sides of 2^31), sorted by hash.</summary>
    protected async Task<(GrainId GrainId, string Name, uint Hash)[]> UpsertRingAsync(int count)
    {
        var ring = new List<(GrainId GrainId, string Name, uint Hash)>();
        while (ring.Count < count || ring.All(entry => entry.Hash < 0x8000_0000) || ring.All(entry => entry.Hash >= 0x8000_0000))
        {
            var grainId = NewGrainId();
            var hash = grainId.GetUniformHashCode();
            if (ring.All(entry => entry.Hash != hash))
            {
                ring.Add((grainId, $"r{ring.Count:D3}", hash));
            }
        }

        await Task.WhenAll(ring.Select(entry => Table.UpsertRow(NewReminder(entry.GrainId, entry.Name))));
        return [.. ring.OrderBy(entry => entry.Hash)];
    }

    private async Task<IEnumerable<string>> ReadRangeAsync(uint begin, uint end) =>
        (await Table.ReadRows(begin, end)).Reminders.Select(row => row.ReminderName).Order(StringComparer.Ordinal).ToArray();
}
