using Coordination.Grains.Journals;
using Coordination.Silo.Logs;
using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Coordination.Silo.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Logs;

/// <summary>
/// The log storage contract against our SQLite log storage on a temporary file, plus what only sharing the file's
/// single writer gives: appends and grain state writes commit in one group commit, appends held behind a commit
/// complete only after it, and a batch that one write fails reruns the appends one by one with fresh sequences.
/// </summary>
public sealed class SqliteLogStorageTests : LogStorageContract, IDisposable
{
    private readonly TestDatabaseFile _file = new();

    protected override void AddLogStorage(IServiceCollection services) =>
        services.AddSqliteLogStorage(options => options.DatabasePath = _file.Path);

    protected override Task<string?> ReadDataOnNewConnectionAsync(LogId log, long sequence)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM log_entries WHERE log_name = $name AND log_key = $key AND seq = $seq";
        command.Parameters.AddWithValue("$name", log.Name);
        command.Parameters.AddWithValue("$key", log.Key);
        command.Parameters.AddWithValue("$seq", sequence);
        return Task.FromResult((string?)command.ExecuteScalar());
    }

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task AppendsAndStateWrites_SameFile_CommitInOneGroupCommit()
    {
        await using var providers = await ProviderServices.StartAsync("sqlite-log-tests", services => services
            .AddSqliteGrainStorage(ProviderNames.Keeping, options => options.DatabasePath = _file.Path)
            .AddSqliteLogStorage(options => options.DatabasePath = _file.Path), ProviderNames.Keeping);
        var logs = providers.Services.GetRequiredService<ILogStorage>();
        var grains = providers.Storage(ProviderNames.Keeping);
        await logs.AppendAsync(NewLog(), 1, "opens the log storage");
        var databases = providers.Services.GetRequiredService<SqliteDatabases>();
        var database = databases.Acquire(_file.Path, 1);
        try
        {
            using var gate = new ManualResetEventSlim();
            var holding = HoldWriter(database, gate);
            var batchesBefore = database.CommittedBatches;
            var log = NewLog("alerts");
            var appends = Enumerable.Range(0, 30).Select(i => logs.AppendNextAsync(log, $"alert {i}", $"k{i}")).ToArray();
            var states = Enumerable.Range(0, 30).Select(i => grains.WriteStateAsync("case", GrainId.Create("case", $"SH01-{i}"),
                new GrainState<TestState> { State = new TestState { Steps = i } })).ToArray();

            Assert.All(appends, append => Assert.False(append.IsCompleted));
            Assert.All(states, write => Assert.False(write.IsCompleted));
            gate.Set();
            await holding;
            await Task.WhenAll(states);

            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long?)i), (await Task.WhenAll(appends)).Order());
            // The held batch, then the 30 appends and the 30 state writes in one transaction.
            Assert.Equal(batchesBefore + 2, database.CommittedBatches);
        }
        finally
        {
            await databases.ReleaseAsync(database);
        }
    }

    [Fact]
    public async Task LogStorageDisposed_GrainStorageOnTheSameFile_KeepsWriting()
    {
        await using var providers = await ProviderServices.StartAsync("sqlite-log-tests", services => services
            .AddSqliteGrainStorage(ProviderNames.Keeping, options => options.DatabasePath = _file.Path)
            .AddSqliteLogStorage(options => options.DatabasePath = _file.Path), ProviderNames.Keeping);
        var logs = (SqliteLogStorage)providers.Services.GetRequiredService<ILogStorage>();
        await logs.AppendAsync(NewLog(), 1, "a");

        await logs.DisposeAsync();
        var state = new GrainState<TestState> { State = new TestState { Steps = 3 } };
        await providers.Storage(ProviderNames.Keeping).WriteStateAsync("case", GrainId.Create("case", "SH01-1"), state);

        Assert.NotNull(state.ETag);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => logs.AppendAsync(NewLog(), 1, "b"));
    }

    [Fact]
    public async Task AppendNext_BatchRolledBackByAnotherWrite_RerunsWithSequencesTakenAgain()
    {
        await Storage.AppendAsync(NewLog(), 1, "opens the file");
        var databases = Services.GetRequiredService<SqliteDatabases>();
        var database = databases.Acquire(_file.Path, 256);
        try
        {
            using var gate = new ManualResetEventSlim();
            var holding = HoldWriter(database, gate);
            var failedBefore = database.FailedBatches;
            var log = NewLog("alerts");
            var appends = Enumerable.Range(0, 20).Select(i => Storage.AppendNextAsync(log, $"alert {i}", $"k{i}")).ToArray();
            var bad = database.WriteAsync(context => context.Execute(new SqliteStatement("INSERT INTO no_such_table (id) VALUES (1)")));

            gate.Set();
            await holding;
            var sequences = await Task.WhenAll(appends);
            await Assert.ThrowsAsync<SqliteException>(() => bad);

            Assert.Equal(failedBefore + 1, database.FailedBatches);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long?)i), sequences.Order());
            Assert.Equal(20, (await Storage.ReadAsync(log, 0)).Count);
        }
        finally
        {
            await databases.ReleaseAsync(database);
        }
    }

    [Fact]
    public void Resolve_MaxBatchSizeZero_FailsNamingTheSetting()
    {
        using var services = new ServiceCollection().AddSqliteLogStorage(options =>
        {
            options.DatabasePath = _file.Path;
            options.MaxBatchSize = 0;
        }).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ILogStorage>());

        Assert.Equal("SQLite log storage: MaxBatchSize is 0; it must be at least 1.", exception.Message);
    }

    [Fact]
    public void Resolve_DatabasePathEmpty_FailsNamingTheSetting()
    {
        using var services = new ServiceCollection().AddSqliteLogStorage(options => options.DatabasePath = " ").BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ILogStorage>());

        Assert.Equal("SQLite log storage: DatabasePath is empty.", exception.Message);
    }

    /// <summary>Holds the database's single writer inside a batch of its own until <paramref name="gate"/> opens.</summary>
    private static Task<long> HoldWriter(SqliteDatabase database, ManualResetEventSlim gate)
    {
        using var entered = new ManualResetEventSlim();
        var holding = database.WriteAsync(_ =>
        {
            entered.Set();
            gate.Wait();
            return 0;
        });
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the writer did not take the holding write");
        return holding;
    }
}
