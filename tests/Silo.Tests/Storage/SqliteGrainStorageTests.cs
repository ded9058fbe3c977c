using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Storage;

/// <summary>The grain storage contract against our SQLite provider, plus what only a file-backed, group-committing store has.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageContract, IDisposable
{
    private readonly TestDatabaseFile _file = new();

    protected override Task<ProviderServices> StartProvidersAsync() => StartAsync(maxBatchSize: 256);

    private Task<ProviderServices> StartAsync(int maxBatchSize) =>
        ProviderServices.StartAsync("sqlite-tests", services => services
            .AddSqliteGrainStorage(ProviderNames.Keeping, options =>
            {
                options.DatabasePath = _file.Path;
                options.MaxBatchSize = maxBatchSize;
            })
            .AddSqliteGrainStorage(ProviderNames.Deleting, options =>
            {
                options.DatabasePath = _file.Path;
                options.MaxBatchSize = maxBatchSize;
                options.DeleteStateOnClear = true;
            }), ProviderNames.Keeping, ProviderNames.Deleting);

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task WriteState_SameKeyAndStateNameOtherGrainType_IsAStateOfItsOwn()
    {
        var caseGrain = NewGrainId("case");
        var judgeGrain = GrainId.Create("judge", caseGrain.Key.ToString()!);

        await WriteNewAsync(Storage, caseGrain, SampleState(1));
        await WriteNewAsync(Storage, judgeGrain, SampleState(2));

        Assert.Equal(1, (await ReadAsync(Storage, caseGrain)).State!.Steps);
        Assert.Equal(2, (await ReadAsync(Storage, judgeGrain)).State!.Steps);
    }

    [Fact]
    public async Task WriteState_ClosedAndReopened_TheStateAndItsEtagSurvive()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(Storage, grainId, SampleState(7));
        await DisposeAsync();

        await using var reopened = await StartProvidersAsync();
        var read = await ReadAsync(reopened.Storage(ProviderNames.Keeping), grainId);

        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(SampleState(7), read.State);
    }

    [Fact]
    public async Task ClearState_DeletedThenReopened_NoEtagOfTheFileIsHandedOutTwice()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(DeletingStorage, grainId, SampleState(1));
        var deletedEtag = state.ETag;
        await DeletingStorage.ClearStateAsync(StateName, grainId, state);
        await DisposeAsync();

        await using var reopened = await StartProvidersAsync();
        var rewritten = await WriteNewAsync(reopened.Storage(ProviderNames.Deleting), grainId, SampleState(2));

        // The old ETag does not come back to life: a grain still holding it cannot overwrite the new row.
        Assert.NotEqual(deletedEtag, rewritten.ETag);
        var stale = new GrainState<TestState> { State = SampleState(3), ETag = deletedEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => reopened.Storage(ProviderNames.Deleting).WriteStateAsync(StateName, grainId, stale));
    }

    [Fact]
    public async Task WriteState_Concurrent_CommitTogetherAndEachIsVisibleToOtherConnectionsWhenAcknowledged()
    {
        var database = Services.GetRequiredService<SqliteDatabases>().Acquire(_file.Path, 256);
        try
        {
            using var entered = new ManualResetEventSlim();
            using var gate = new ManualResetEventSlim();
            var holding = HoldWriter(database, entered, gate);
            var batchesBefore = database.CommittedBatches;
            var grainIds = Enumerable.Range(0, 100).Select(_ => NewGrainId()).ToArray();
            var acknowledged = grainIds.Select(async grainId =>
            {
                var state = await WriteNewAsync(Storage, grainId, SampleState(5));
                return (Etag: state.ETag, SeenElsewhere: ReadEtagOnNewConnection(grainId));
            }).ToArray();

            Assert.All(acknowledged, write => Assert.False(write.IsCompleted));
            gate.Set();
            await holding;
            var writes = await Task.WhenAll(acknowledged);

            Assert.All(writes, write => Assert.Equal(write.Etag, write.SeenElsewhere));
            // The held batch, then all 100 queued writes in one transaction.
            Assert.Equal(batchesBefore + 2, database.CommittedBatches);
        }
        finally
        {
            await Services.GetRequiredService<SqliteDatabases>().ReleaseAsync(database);
        }
    }

    [Fact]
    public async Task WriteState_MoreQueuedThanMaxBatchSize_CommitInBatchesOfAtMostThatSize()
    {
        await DisposeAsync();
        await using var providers = await StartAsync(maxBatchSize: 4);
        var databases = providers.Services.GetRequiredService<SqliteDatabases>();
        var database = databases.Acquire(_file.Path, 1);
        try
        {
            using var entered = new ManualResetEventSlim();
            using var gate = new ManualResetEventSlim();
            var holding = HoldWriter(database, entered, gate);
            var batchesBefore = database.CommittedBatches;
            var writes = Enumerable.Range(0, 10).Select(i => WriteNewAsync(providers.Storage(ProviderNames.Keeping), NewGrainId(), SampleState(i))).ToArray();

            gate.Set();
            await holding;
            await Task.WhenAll(writes);

            // The held batch, then 10 queued writes at most 4 to a transaction: 4 + 4 + 2.
            Assert.Equal(batchesBefore + 4, database.CommittedBatches);
        }
        finally
        {
            await databases.ReleaseAsync(database);
        }
    }

    [Fact]
    public async Task WriteState_OneStatementOfABatchFails_OnlyThatWriteFailsAndTheOthersLand()
    {
        var database = Services.GetRequiredService<SqliteDatabases>().Acquire(_file.Path, 256);
        try
        {
            using var entered = new ManualResetEventSlim();
            using var gate = new ManualResetEventSlim();
            var holding = HoldWriter(database, entered, gate);
            var failedBefore = database.FailedBatches;
            var grainIds = Enumerable.Range(0, 20).Select(_ => NewGrainId()).ToArray();
            var good = grainIds.Select(grainId => WriteNewAsync(Storage, grainId, SampleState(7))).ToArray();
            var bad = database.WriteAsync(context => context.Execute(new SqliteStatement("INSERT INTO no_such_table (id) VALUES (1)")));

            gate.Set();
            await holding;
            var written = await Task.WhenAll(good);
            var failure = await Assert.ThrowsAsync<SqliteException>(() => bad);

            Assert.Contains("no such table", failure.Message);
            Assert.Equal(failedBefore + 1, database.FailedBatches);
            for (var i = 0; i < grainIds.Length; i++)
            {
                var read = await ReadAsync(Storage, grainIds[i]);
                Assert.Equal(written[i].ETag, read.ETag);
                Assert.Equal(SampleState(7), read.State);
            }
        }
        finally
        {
            await Services.GetRequiredService<SqliteDatabases>().ReleaseAsync(database);
        }
    }

    [Fact]
    public async Task Start_NewFile_WalJournalAndFullSynchronousConnections()
    {
        await WriteNewAsync(Storage, NewGrainId(), SampleState());
        var database = Services.GetRequiredService<SqliteDatabases>().Acquire(_file.Path, 1);
        try
        {
            // journal_mode is the file's; synchronous is each connection's, so it is read on one of the provider's own.
            Assert.Equal("wal", database.Read(new SqliteStatement("PRAGMA journal_mode"), rows => rows.Read() ? rows.GetString(0) : null));
            Assert.Equal(2L, database.Read(new SqliteStatement("PRAGMA synchronous"), rows => rows.Read() ? rows.GetInt64(0) : -1));
        }
        finally
        {
            await Services.GetRequiredService<SqliteDatabases>().ReleaseAsync(database);
        }
    }

    [Fact]
    public async Task Start_MaxBatchSizeZero_StopsTheStartNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<OrleansConfigurationException>(() => ProviderServices.StartAsync("sqlite-tests",
            services => services.AddSqliteGrainStorage("invalid", options =>
            {
                options.DatabasePath = _file.Path;
                options.MaxBatchSize = 0;
            }), "invalid"));

        Assert.Equal("SQLite grain storage 'invalid': MaxBatchSize is 0; it must be at least 1.", exception.Message);
    }

    /// <summary>Holds the database's single writer inside a batch of its own until <paramref name="gate"/> opens.</summary>
    private static Task<long> HoldWriter(SqliteDatabase database, ManualResetEventSlim entered, ManualResetEventSlim gate)
    {
        var holding = database.WriteAsync(_ =>
        {
            entered.Set();
            gate.Wait();
            return 0;
        });
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)), "the writer did not take the holding write");
        return holding;
    }

    private string? ReadEtagOnNewConnection(GrainId grainId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM orleans_grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name";
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        command.Parameters.AddWithValue("$name", StateName);
        return command.ExecuteScalar() is long etag ? etag.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
