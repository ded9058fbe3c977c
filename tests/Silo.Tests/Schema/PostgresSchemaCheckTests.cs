using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Tests.Schema;

/// <summary>
/// The start check of the PostgreSQL schema, each test on a scratch schema of its own in the test database (applied by
/// the shipped scripts, then broken), so that the schema other tests use is never touched.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresSchemaCheckTests : IAsyncLifetime
{
    private ScratchSchema _scratch = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _scratch = await ScratchSchema.CreateAsync();
        _dataSource = NpgsqlDataSource.Create(_scratch.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _scratch.DisposeAsync();
    }

    [Fact]
    public async Task FindProblem_EveryScriptApplied_ReportsNothing()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);

        Assert.Null(await PostgresSchemaCheck.FindProblemAsync(_dataSource));
    }

    [Fact]
    public async Task FindProblem_NothingApplied_NamesEveryTableAndSequenceInOneLine()
    {
        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Equal($"the PostgreSQL schema at {Location} is incomplete: missing tables coordination_schema, OrleansQuery, OrleansStorage, " +
            "OrleansRemindersTable, orleans_grain_state, log_entries, stored_files; missing sequence orleans_grain_state_etag. " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", problem);
    }

    [Fact]
    public async Task FindProblem_GrainStateTableDropped_NamesTheTable()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DROP TABLE orleans_grain_state");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Equal($"the PostgreSQL schema at {Location} is incomplete: missing table orleans_grain_state. " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", problem);
    }

    [Fact]
    public async Task FindProblem_LogEntriesTableDropped_NamesTheTable()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DROP TABLE log_entries");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Equal($"the PostgreSQL schema at {Location} is incomplete: missing table log_entries. " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", problem);
    }

    [Fact]
    public async Task FindProblem_SchemaFromBeforeStoredFiles_NamesTheTableAndThePartInOneLine()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DROP TABLE stored_files; DELETE FROM coordination_schema WHERE part = 'stored-files'");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Equal($"the PostgreSQL schema at {Location} is incomplete: missing table stored_files; part stored-files not recorded (expected version 1). " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", problem);
    }

    [Fact]
    public async Task FindProblem_LogEntriesCreatedByTodaysRuntimeButNotRecorded_NamesThePart()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DELETE FROM coordination_schema WHERE part = 'log-entries'");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource, [PostgresSchemaCheck.LogEntries]);

        Assert.Equal($"the PostgreSQL schema at {Location} is incomplete: part log-entries not recorded (expected version 1). " +
            "Apply deploy/sql/postgres with: Coordination.Silo apply-schema --Storage:PostgresConnectionString=...", problem);
    }

    [Fact]
    public async Task FindProblem_StoredQueriesDeleted_NamesTheirKeys()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DELETE FROM OrleansQuery WHERE QueryKey IN ('ReadRangeRows2Key', 'WriteToStorageKey')");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Contains(": missing stored queries WriteToStorageKey, ReadRangeRows2Key. Apply", problem);
    }

    [Fact]
    public async Task FindProblem_PartOlderOrNotRecorded_NamesThePartsAndTheirVersions()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("UPDATE coordination_schema SET version = 0 WHERE part = 'grain-state'; DELETE FROM coordination_schema WHERE part = 'orleans-reminders'");

        var problem = await PostgresSchemaCheck.FindProblemAsync(_dataSource);

        Assert.Contains(": part orleans-reminders not recorded (expected version 1); part grain-state at version 0, older than the expected 1. Apply", problem);
    }

    [Fact]
    public async Task FindProblem_OnlyTheGrainStatePart_IgnoresTheOthers()
    {
        await PostgresSchemaScripts.ApplyAllAsync(_dataSource);
        await _scratch.ExecuteAsync("DROP TABLE OrleansRemindersTable; DELETE FROM OrleansQuery");

        Assert.Null(await PostgresSchemaCheck.FindProblemAsync(_dataSource, [PostgresSchemaCheck.GrainState]));
        Assert.NotNull(await PostgresSchemaCheck.FindProblemAsync(_dataSource));
    }

    private string Location => _scratch.Location;
}
