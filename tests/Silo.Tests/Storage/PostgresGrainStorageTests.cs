using Coordination.Testing;
using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Silo.Tests.Storage;

/// <summary>
/// The grain storage contract against our group-committing PostgreSQL provider over deploy/sql/postgres, plus what only
/// a group-committing store has: writes held behind a commit go together in one transaction, are visible to other
/// connections when acknowledged, and a write whose own statement fails fails alone. Needs the server
/// deploy/postgres.sh starts. Each test has a service id of its own.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresGrainStorageTests : GrainStorageContract
{
    private readonly string _serviceId = $"pg-storage-tests-{Guid.NewGuid():N}";

    // Each provider has a pool of its own; the server's 200 connections are shared by the test classes running in parallel.
    private static readonly string ConnectionString =
        new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;

    protected override Task<ProviderServices> StartProvidersAsync() => StartAsync(concurrentCommits: 4);

    private async Task<ProviderServices> StartAsync(int concurrentCommits)
    {
        await PostgresSchema.EnsureAppliedAsync();
        return await ProviderServices.StartAsync(_serviceId, services => services
            .AddPostgresGrainStorage(ProviderNames.Keeping, options =>
            {
                options.ConnectionString = ConnectionString;
                options.ConcurrentCommits = concurrentCommits;
            })
            .AddPostgresGrainStorage(ProviderNames.Deleting, options =>
            {
                options.ConnectionString = ConnectionString;
                options.ConcurrentCommits = concurrentCommits;
                options.DeleteStateOnClear = true;
            }), ProviderNames.Keeping, ProviderNames.Deleting);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresSchema.ExecuteAsync("DELETE FROM orleans_grain_state WHERE service_id = @service", ("service", _serviceId));
    }

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
    public async Task WriteState_SameGrainOtherServiceId_IsAStateOfItsOwn()
    {
        var grainId = NewGrainId();
        await WriteNewAsync(Storage, grainId, SampleState(1));

        await using var otherService = await ProviderServices.StartAsync($"{_serviceId}-other", services => services
            .AddPostgresGrainStorage(ProviderNames.Keeping, options => options.ConnectionString = ConnectionString), ProviderNames.Keeping);
        var other = otherService.Storage(ProviderNames.Keeping);
        var unseen = await ReadAsync(other, grainId);
        await WriteNewAsync(other, grainId, SampleState(2));
        await PostgresSchema.ExecuteAsync("DELETE FROM orleans_grain_state WHERE service_id = @service", ("service", otherService.ServiceId));

        Assert.False(unseen.RecordExists);
        Assert.Equal(1, (await ReadAsync(Storage, grainId)).State!.Steps);
    }

    [Fact]
    public async Task ClearState_DeletedThenWrittenAgain_TheDeletedEtagIsNeverHandedOutAgain()
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(DeletingStorage, grainId, SampleState(1));
        var deletedEtag = state.ETag;
        await DeletingStorage.ClearStateAsync(StateName, grainId, state);

        var rewritten = await WriteNewAsync(DeletingStorage, grainId, SampleState(2));

        // The old ETag does not come back to life: a grain still holding it cannot overwrite the new row.
        Assert.NotEqual(deletedEtag, rewritten.ETag);
        var stale = new GrainState<TestState> { State = SampleState(3), ETag = deletedEtag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => DeletingStorage.WriteStateAsync(StateName, grainId, stale));
        Assert.Equal(SampleState(2), (await ReadAsync(DeletingStorage, grainId)).State);
    }

    [Fact]
    public async Task WriteState_Concurrent_CommitTogetherAndEachIsVisibleToOtherConnectionsWhenAcknowledged()
    {
        await base.DisposeAsync();
        await using var providers = await StartAsync(concurrentCommits: 1);
        var storage = providers.Storage(ProviderNames.Keeping);
        var writer = ((PostgresGrainStorage)storage).Writer;
        await using var held = await HoldWriterAsync(storage);
        var batchesBefore = writer.CommittedBatches;
        var grainIds = Enumerable.Range(0, 100).Select(_ => NewGrainId()).ToArray();
        var acknowledged = grainIds.Select(async grainId =>
        {
            var state = await WriteNewAsync(storage, grainId, SampleState(5));
            return (Etag: state.ETag, SeenElsewhere: await ReadEtagOnNewConnectionAsync(grainId));
        }).ToArray();

        Assert.All(acknowledged, write => Assert.False(write.IsCompleted));
        await held.ReleaseAsync();
        var writes = await Task.WhenAll(acknowledged);

        Assert.All(writes, write => Assert.Equal(write.Etag, write.SeenElsewhere));
        // The held batch, then all 100 queued writes in one transaction.
        Assert.Equal(batchesBefore + 2, writer.CommittedBatches);
    }

    [Fact]
    public async Task WriteState_OneStatementOfABatchFails_OnlyThatWriteFailsAndTheOthersLand()
    {
        await base.DisposeAsync();
        await using var providers = await StartAsync(concurrentCommits: 1);
        var storage = providers.Storage(ProviderNames.Keeping);
        var writer = ((PostgresGrainStorage)storage).Writer;
        await using var held = await HoldWriterAsync(storage);
        var failedBefore = writer.FailedBatches;
        var grainIds = Enumerable.Range(0, 20).Select(_ => NewGrainId()).ToArray();
        var good = grainIds.Select(grainId => WriteNewAsync(storage, grainId, SampleState(7))).ToArray();
        // PostgreSQL text cannot hold NUL: the server refuses this statement, and with it the batch's transaction.
        var bad = WriteNewAsync(storage, NewGrainId(), SampleState(8), "case\0broken");

        await held.ReleaseAsync();
        var written = await Task.WhenAll(good);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => bad);

        Assert.Equal(PostgresErrorCodes.CharacterNotInRepertoire, failure.SqlState);
        Assert.Equal(failedBefore + 1, writer.FailedBatches);
        for (var i = 0; i < grainIds.Length; i++)
        {
            var read = await ReadAsync(storage, grainIds[i]);
            Assert.Equal(written[i].ETag, read.ETag);
            Assert.Equal(SampleState(7), read.State);
        }
    }

    [Fact]
    public async Task Stop_WritesQueued_CommitsThemBeforeTheStopCompletes()
    {
        await base.DisposeAsync();
        var providers = await StartAsync(concurrentCommits: 1);
        var storage = providers.Storage(ProviderNames.Keeping);
        await using var held = await HoldWriterAsync(storage);
        var grainIds = Enumerable.Range(0, 10).Select(_ => NewGrainId()).ToArray();
        var writes = grainIds.Select(grainId => WriteNewAsync(storage, grainId, SampleState(3))).ToArray();

        var stopping = providers.DisposeAsync().AsTask();
        Assert.False(stopping.IsCompleted);
        await held.ReleaseAsync();
        await stopping;

        // Committed by the time the stop completed: on the database before any acknowledgement is looked at.
        var stored = new List<string?>();
        foreach (var grainId in grainIds)
        {
            stored.Add(await ReadEtagOnNewConnectionAsync(grainId));
        }

        var acknowledged = await Task.WhenAll(writes);
        Assert.Equal(acknowledged.Select(state => state.ETag), stored);
    }

    [Fact]
    public async Task Start_TableMissing_StopsTheStartNamingTheTableAndTheVerb()
    {
        await using var scratch = await ScratchSchema.CreateAsync();

        var exception = await Assert.ThrowsAsync<OrleansConfigurationException>(() => ProviderServices.StartAsync(_serviceId,
            services => services.AddPostgresGrainStorage("scratch", options => options.ConnectionString = scratch.ConnectionString), "scratch"));

        Assert.StartsWith("PostgreSQL grain storage 'scratch': the PostgreSQL schema at ", exception.Message);
        Assert.Contains($"(search path {scratch.Name}) is incomplete: ", exception.Message);
        Assert.Contains("missing tables orleans_grain_state, coordination_schema; missing sequence orleans_grain_state_etag", exception.Message);
        Assert.Contains("apply-schema", exception.Message);
    }

    [Fact]
    public async Task Start_ConcurrentCommitsZero_StopsTheStartNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<OrleansConfigurationException>(() => ProviderServices.StartAsync(_serviceId,
            services => services.AddPostgresGrainStorage("invalid", options =>
            {
                options.ConnectionString = ConnectionString;
                options.ConcurrentCommits = 0;
            }), "invalid"));

        Assert.Equal("PostgreSQL grain storage 'invalid': ConcurrentCommits is 0; it must be at least 1 and less than the connection string's " +
            "Maximum Pool Size (20).", exception.Message);
    }

    [Fact]
    public async Task Start_NoConnectionString_StopsTheStartNamingTheSetting()
    {
        var exception = await Assert.ThrowsAsync<OrleansConfigurationException>(() => ProviderServices.StartAsync(_serviceId,
            services => services.AddPostgresGrainStorage("invalid"), "invalid"));

        Assert.Equal("PostgreSQL grain storage 'invalid': ConnectionString is empty.", exception.Message);
    }

    /// <summary>
    /// Holds the provider's (single) committing connection inside a batch of its own: a write of a grain whose row
    /// another connection has locked, until <see cref="HeldWriter.ReleaseAsync"/>.
    /// </summary>
    private async Task<HeldWriter> HoldWriterAsync(IGrainStorage storage)
    {
        var grainId = NewGrainId();
        var state = await WriteNewAsync(storage, grainId, SampleState(0));
        var locker = new NpgsqlConnection(PostgresSchema.ConnectionString);
        await locker.OpenAsync();
        var transaction = await locker.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand(
            "SELECT 1 FROM orleans_grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4 FOR UPDATE", locker, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type.ToString() });
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key.ToString() });
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
            await lockRow.ExecuteNonQueryAsync();
        }

        state.State = SampleState(1);
        var holding = storage.WriteStateAsync(StateName, grainId, state);
        await Wait.UntilAsync(async () =>
        {
            await using var blocked = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", locker, transaction);
            blocked.Parameters.Add(new NpgsqlParameter<int> { TypedValue = locker.ProcessID });
            return (long)(await blocked.ExecuteScalarAsync())! > 0;
        }, "the provider's commit to wait for the locked row");
        return new HeldWriter(locker, transaction, holding);
    }

    private async Task<string?> ReadEtagOnNewConnectionAsync(GrainId grainId)
    {
        await using var connection = new NpgsqlConnection(PostgresSchema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT etag FROM orleans_grain_state WHERE service_id = $1 AND grain_type = $2 AND grain_key = $3 AND state_name = $4", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Type.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grainId.Key.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
        return await command.ExecuteScalarAsync() is long etag ? etag.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
