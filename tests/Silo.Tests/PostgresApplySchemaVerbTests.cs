using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Tests;

/// <summary>
/// The node's <c>apply-schema</c> verb, run as the built executable against the test database: into a scratch schema of
/// its own (created and dropped by the test) to see it create everything, and onto the test database's own schema,
/// which it must leave complete and unchanged for the tests using it at the same time.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresApplySchemaVerbTests
{
    private const string Setting = "--Storage:PostgresConnectionString=";

    private static readonly string[] Scripts =
        ["00-coordination-schema.sql", "01-orleans-query.sql", "02-orleans-persistence.sql", "03-orleans-reminders.sql", "04-grain-state.sql",
            "05-log-entries.sql", "06-stored-files.sql"];

    [Fact]
    public async Task ApplySchema_EmptySchema_AppliesEveryScriptInOrderAndTheSchemaIsComplete()
    {
        await using var scratch = await ScratchSchema.CreateAsync();

        var (exitCode, output, error) = await NodeProcess.RunAsync("apply-schema", Setting + scratch.ConnectionString);

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Scripts.Select(script => $"applied {script} to {scratch.Location}"), lines[..^1]);
        Assert.StartsWith($"schema complete at {scratch.Location}: coordination-schema 1, orleans-query 1, ", lines[^1]);
        await using var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString);
        Assert.Null(await PostgresSchemaCheck.FindProblemAsync(dataSource));
    }

    [Fact]
    public async Task ApplySchema_AppliedAgain_KeepsTheRowsAndSucceeds()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        Assert.Equal(0, (await NodeProcess.RunAsync("apply-schema", Setting + scratch.ConnectionString)).ExitCode);
        await scratch.ExecuteAsync("INSERT INTO orleans_grain_state VALUES ('s', 'case', 'SH01-2026-0001', 'case', nextval('orleans_grain_state_etag'), NULL, now())");

        var (exitCode, _, error) = await NodeProcess.RunAsync("apply-schema", Setting + scratch.ConnectionString);

        Assert.True(exitCode == 0, error);
        await using var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString);
        await using var count = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM orleans_grain_state) * 1000 + (SELECT count(*) FROM OrleansQuery) * 10 + (SELECT count(*) FROM coordination_schema)");
        // 1 row of state, 11 stored queries, 7 recorded parts: nothing doubled, nothing dropped.
        Assert.Equal(1117L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ApplySchema_TestDatabase_LeavesItComplete()
    {
        var (exitCode, output, error) = await NodeProcess.RunAsync("apply-schema", Setting + PostgresSchema.ConnectionString);

        Assert.True(exitCode == 0, error);
        Assert.Contains($"schema complete at {PostgresSchema.Location}: ", output);
        await using var dataSource = NpgsqlDataSource.Create(PostgresSchema.ConnectionString);
        Assert.Null(await PostgresSchemaCheck.FindProblemAsync(dataSource));
    }

    [Fact]
    public async Task ApplySchema_NoConnectionString_Exits2WithOneLineNamingTheSetting()
    {
        var (exitCode, output, error) = await NodeProcess.RunAsync("apply-schema");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("apply-schema: no database given: set Storage:PostgresConnectionString", line);
    }

    [Fact]
    public async Task ApplySchema_DatabaseRefusesTheLogin_Exits2WithOneLineNamingTheDatabase()
    {
        var wrongPassword = new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionString) { Password = "not-the-password" }.ConnectionString;

        var (exitCode, output, error) = await NodeProcess.RunAsync("apply-schema", Setting + wrongPassword);

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"apply-schema: cannot apply the schema to {PostgresSchema.Location}: 28P01: ", line);
        Assert.DoesNotContain("not-the-password", line);
    }
}
