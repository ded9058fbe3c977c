using Coordination.Testing;
using Coordination.Grains.Journals;
using Coordination.Silo.Logs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Silo.Tests.Logs;

/// <summary>
/// The log storage contract against our group-committing PostgreSQL log storage over deploy/sql/postgres, plus what
/// only a database shared by several nodes asks: AppendNext from two nodes at once, appends held behind a commit, and
/// the schema check on first use. Needs the server deploy/postgres.sh starts. Each test's logs have names of their own,
/// deleted at its end.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresLogStorageTests : LogStorageContract
{
    // Each storage has a pool of its own; the server's 200 connections are shared by the test classes running in parallel.
    private static readonly string ConnectionString =
        new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionString) { MaxPoolSize = 20 }.ConnectionString;

    protected override void AddLogStorage(IServiceCollection services) => AddLogStorage(services, concurrentCommits: 4);

    private static void AddLogStorage(IServiceCollection services, int concurrentCommits) =>
        services.AddPostgresLogStorage(options =>
        {
            options.ConnectionString = ConnectionString;
            options.ConcurrentCommits = concurrentCommits;
        });

    public override async Task InitializeAsync()
    {
        await PostgresSchema.EnsureAppliedAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresSchema.ExecuteAsync("DELETE FROM log_entries WHERE starts_with(log_name, @prefix)", ("prefix", Prefix));
    }

    protected override async Task<string?> ReadDataOnNewConnectionAsync(LogId log, long sequence)
    {
        await using var connection = new NpgsqlConnection(PostgresSchema.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT data FROM log_entries WHERE log_name = $1 AND log_key = $2 AND seq = $3", connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = log.Name },
                new NpgsqlParameter<string> { TypedValue = log.Key },
                new NpgsqlParameter<long> { TypedValue = sequence },
            },
        };
        return (string?)await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task AppendNext_TwoNodesConcurrently_GetDistinctConsecutiveSequences()
    {
        await using var otherNode = BuildServices();
        ILogStorage[] nodes = [Storage, otherNode.GetRequiredService<ILogStorage>()];
        var log = NewLog("alerts");

        var appends = Enumerable.Range(0, 60).Select(i => Task.Run(() => nodes[i % 2].AppendNextAsync(log, $"alert {i}", $"k{i}"))).ToArray();
        var repeated = Enumerable.Range(0, 60).Select(i => Task.Run(() => nodes[(i + 1) % 2].AppendNextAsync(log, $"alert {i} again", $"k{i}"))).ToArray();
        var sequences = await Task.WhenAll(appends);
        var repeatedSequences = await Task.WhenAll(repeated);

        // Each key is stored once, by whichever node came first; together they hold 1..60 without a gap.
        long?[] stored = [.. sequences.Concat(repeatedSequences).OfType<long>().Select(sequence => (long?)sequence).Order()];
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long?)i), stored);
        var entries = await Storage.ReadAsync(log, 0);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), entries.Select(entry => entry.Sequence));
        Assert.Equal(60, entries.Select(entry => entry.Data.Replace(" again", "", StringComparison.Ordinal)).Distinct().Count());
    }

    [Fact]
    public async Task Append_HeldBehindACommit_CompletesOnlyOnceThatCommitEnds()
    {
        await CloseAsync();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(Time);
        AddLogStorage(services, concurrentCommits: 1);
        await using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<ILogStorage>();
        var log = NewLog();
        await storage.ReadLastSequenceAsync(log);

        // Another connection is inserting sequence 1, uncommitted: the storage's append at 1 waits for it, and its
        // single committing connection with it.
        await using var concurrent = await ConcurrentInsert.BeginAsync(log, 1, null);
        var held = storage.AppendAsync(log, 1, "held");
        await concurrent.WaitUntilBlockingAsync();
        var queued = Enumerable.Range(2, 10).Select(sequence => storage.AppendAsync(log, sequence, $"entry {sequence}")).ToArray();

        Assert.False(held.IsCompleted);
        Assert.All(queued, append => Assert.False(append.IsCompleted));
        await concurrent.RollbackAsync();

        Assert.True(await held);
        Assert.All(await Task.WhenAll(queued), Assert.True);
        Assert.Equal("held", await ReadDataOnNewConnectionAsync(log, 1));
        Assert.Equal(11L, await storage.ReadLastSequenceAsync(log));
    }

    [Fact]
    public async Task AppendNext_SequenceTakenByAConcurrentTransaction_TakesTheOneAfterItOnceItCommits()
    {
        var log = NewLog("alerts");
        await Storage.ReadLastSequenceAsync(log);
        await using var concurrent = await ConcurrentInsert.BeginAsync(log, 1, "other-node-alert");

        var append = Storage.AppendNextAsync(log, "mine", "my-alert");
        await concurrent.WaitUntilBlockingAsync();
        Assert.False(append.IsCompleted);
        await concurrent.CommitAsync();

        Assert.Equal(2L, await append);
        Assert.Equal(["other node", "mine"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
    }

    [Fact]
    public async Task AppendNext_KeyTakenByAConcurrentTransaction_ReturnsNullOnceItCommits()
    {
        var log = NewLog("alerts");
        await Storage.ReadLastSequenceAsync(log);
        // At another sequence, so that only the key collides.
        await using var concurrent = await ConcurrentInsert.BeginAsync(log, 5, "one-alert");

        var append = Storage.AppendNextAsync(log, "mine", "one-alert");
        await concurrent.WaitUntilBlockingAsync();
        await concurrent.CommitAsync();

        Assert.Null(await append);
        Assert.Equal(["other node"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
    }

    [Fact]
    public async Task AppendNext_ConcurrentTransactionRolledBack_TakesItsSequence()
    {
        var log = NewLog("alerts");
        await Storage.ReadLastSequenceAsync(log);
        await using var concurrent = await ConcurrentInsert.BeginAsync(log, 1, "one-alert");

        var append = Storage.AppendNextAsync(log, "mine", "one-alert");
        await concurrent.WaitUntilBlockingAsync();
        await concurrent.RollbackAsync();

        Assert.Equal(1L, await append);
        Assert.Equal(["mine"], (await Storage.ReadAsync(log, 0)).Select(entry => entry.Data));
    }

    [Fact]
    public async Task FirstUse_TableMissing_FailsNamingTheTableAndTheVerb()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        await using var services = new ServiceCollection().AddPostgresLogStorage(options => options.ConnectionString = scratch.ConnectionString).BuildServiceProvider();
        var storage = services.GetRequiredService<ILogStorage>();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadLastSequenceAsync(NewLog()));

        Assert.StartsWith($"PostgreSQL log storage: the PostgreSQL schema at {scratch.Location} is incomplete: ", exception.Message);
        Assert.Contains("missing tables log_entries, coordination_schema", exception.Message);
        Assert.Contains("apply-schema", exception.Message);
    }

    [Fact]
    public async Task FirstUse_TableCreatedLater_TheNextCallStarts()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        await using var services = new ServiceCollection().AddPostgresLogStorage(options => options.ConnectionString = scratch.ConnectionString).BuildServiceProvider();
        var storage = services.GetRequiredService<ILogStorage>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.ReadLastSequenceAsync(NewLog()));

        await using (var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString))
        {
            await Coordination.Silo.Schema.PostgresSchemaScripts.ApplyAllAsync(dataSource);
        }

        var log = NewLog();
        Assert.Equal(1L, await storage.AppendNextAsync(log, "a", "k1"));
        Assert.Equal(1L, await storage.ReadLastSequenceAsync(log));
    }

    [Fact]
    public void Resolve_NoConnectionString_FailsNamingTheSetting()
    {
        using var services = new ServiceCollection().AddPostgresLogStorage().BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ILogStorage>());

        Assert.Equal("PostgreSQL log storage: ConnectionString is empty.", exception.Message);
    }

    [Fact]
    public void Resolve_ConcurrentCommitsNotBelowThePoolSize_FailsNamingTheSetting()
    {
        using var services = new ServiceCollection().AddPostgresLogStorage(options =>
        {
            options.ConnectionString = ConnectionString;
            options.ConcurrentCommits = 20;
        }).BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ILogStorage>());

        Assert.Equal("PostgreSQL log storage: ConcurrentCommits is 20; it must be at least 1 and less than the connection string's " +
            "Maximum Pool Size (20).", exception.Message);
    }

    /// <summary>
    /// An entry another node is inserting, in a transaction left open on a connection of its own: the storage's insert
    /// of the same sequence or idempotency key waits for it, as between two nodes.
    /// </summary>
    private sealed class ConcurrentInsert : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;

        private ConcurrentInsert(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

        /// <summary>Inserts, without committing, the entry "other node" at <paramref name="sequence"/>.</summary>
        public static async Task<ConcurrentInsert> BeginAsync(LogId log, long sequence, string? idempotencyKey)
        {
            var connection = new NpgsqlConnection(PostgresSchema.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO log_entries VALUES ($1, $2, $3, $4, 0, 'other node')", connection, transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<string> { TypedValue = log.Name },
                    new NpgsqlParameter<string> { TypedValue = log.Key },
                    new NpgsqlParameter<long> { TypedValue = sequence },
                    new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text, Value = (object?)idempotencyKey ?? DBNull.Value },
                },
            };
            await insert.ExecuteNonQueryAsync();
            return new ConcurrentInsert(connection, transaction);
        }

        /// <summary>Waits until some backend (the storage's commit) waits for this transaction.</summary>
        public Task WaitUntilBlockingAsync() => Wait.UntilAsync(async () =>
        {
            await using var blocked = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", _connection, _transaction);
            blocked.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _connection.ProcessID });
            return (long)(await blocked.ExecuteScalarAsync())! > 0;
        }, "the storage's commit to wait for the concurrent insert");

        public Task CommitAsync() => _transaction.CommitAsync();

        public Task RollbackAsync() => _transaction.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
