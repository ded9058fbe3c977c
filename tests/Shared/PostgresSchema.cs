using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Testing;

/// <summary>
/// The PostgreSQL test database with deploy/sql/postgres applied (the scripts are idempotent, so the tests apply them
/// as deploy/postgres.sh does, from the copy the build puts beside the node's executable). Needs the server
/// deploy/postgres.sh starts; override with COORDINATION_TEST_POSTGRES.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Npgsql's ADO.NET invariant, as Orleans' providers name it.</summary>
    public const string Invariant = "Npgsql";

    private static readonly Lazy<Task> Applied = new(ApplyAsync);

    public static string ConnectionString { get; } = Environment.GetEnvironmentVariable("COORDINATION_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination_test";

    /// <summary>How the node names the test database in its messages: <c>host:port/database</c>.</summary>
    public static string Location
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    /// <summary>Applies the scripts once per test run.</summary>
    public static Task EnsureAppliedAsync() => Applied.Value;

    /// <summary>Runs a statement against the test database and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    private static async Task ApplyAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgresSchemaScripts.ApplyAllAsync(dataSource);
    }
}
