using Coordination.Silo.Reminders;
using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Coordination.Silo.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Reminders;

/// <summary>The reminder table contract against our SQLite reminder table, plus what only a file-backed table has.</summary>
public sealed class SqliteReminderTableTests : ReminderTableContract, IDisposable
{
    private readonly TestDatabaseFile _file = new();

    protected override Task<ProviderServices> StartProvidersAsync() =>
        ProviderServices.StartAsync("sqlite-tests", services => services
            .UseSqliteReminderService(options => options.DatabasePath = _file.Path)
            .AddSqliteGrainStorage(ProviderNames.Keeping, options => options.DatabasePath = _file.Path), ProviderNames.Keeping);

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task UpsertRow_ClosedAndReopened_TheRowsAndTheirEtagsSurvive()
    {
        var ring = await UpsertRingAsync(6);
        var before = await Table.ReadRow(ring[0].GrainId, ring[0].Name);
        await DisposeAsync();

        await using var reopened = await StartProvidersAsync();
        var table = await reopened.ReminderTableAsync();

        // The ring holds at least 6 rows, more when the first 6 fell on one half of it.
        Assert.Equal(ring.Length, (await table.ReadRows(0, 0)).Reminders.Count);
        var after = await table.ReadRow(ring[0].GrainId, ring[0].Name);
        Assert.Equal(before!.ETag, after!.ETag);
        Assert.Equal(before.StartAt, after.StartAt);
        Assert.Equal(before.Period, after.Period);
        Assert.True(await table.RemoveRow(ring[0].GrainId, ring[0].Name, after.ETag!));
    }

    [Fact]
    public async Task UpsertRow_BesideTheGrainStorage_SharesTheFilesOneWriter()
    {
        var storage = Services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.Keeping);
        var grainId = NewGrainId();
        var state = new GrainState<TestState> { State = new TestState { Title = "shared" } };

        var etags = await Task.WhenAll(
            Table.UpsertRow(NewReminder(grainId, "deadline")),
            storage.WriteStateAsync("case", grainId, state).ContinueWith(_ => state.ETag, TaskScheduler.Default));

        // One file, one writer, one ETag counter: the reminder's and the state's ETags differ.
        Assert.NotEqual(etags[0], etags[1]);
        Assert.Equal(etags[1], (await ReadStateAsync(storage, grainId)).ETag);
    }

    private static async Task<GrainState<TestState>> ReadStateAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<TestState> { State = new TestState() };
        await storage.ReadStateAsync("case", grainId, state);
        return state;
    }

    [Fact]
    public async Task UpsertRow_LocalStartTime_IsStoredAsUtc()
    {
        var reminder = NewReminder(NewGrainId(), "deadline");
        var utc = reminder.StartAt;
        reminder.StartAt = utc.ToLocalTime();

        await Table.UpsertRow(reminder);

        Assert.Equal(utc, (await Table.ReadRow(reminder.GrainId, reminder.ReminderName))!.StartAt);
    }
}
