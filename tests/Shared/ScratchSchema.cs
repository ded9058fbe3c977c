using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Testing;

/// <summary>
/// An empty schema of its own in the test database, first and only on the search path of <see cref="ConnectionString"/>,
/// dropped with everything in it at the end: a test can apply, break or leave out parts of the schema there without
/// touching what other tests use in <c>public</c>.
/// </summary>
internal sealed class ScratchSchema : IAsyncDisposable
{
    private ScratchSchema(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionString) { SearchPath = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The test database with only this schema on the search path.</summary>
    public string ConnectionString { get; }

    /// <summary>How the node names this schema in its messages: <c>host:port/database (search path name)</c>.</summary>
    public string Location => $"{PostgresSchema.Location} (search path {Name})";

    public static async Task<ScratchSchema> CreateAsync()
    {
        var schema = new ScratchSchema($"scratch_{Guid.NewGuid():N}");
        await PostgresSchema.ExecuteAsync($"CREATE SCHEMA {schema.Name}");
        return schema;
    }

    /// <summary>Applies deploy/sql/postgres in the schema, as deploy/postgres.sh does in a node's.</summary>
    public async Task ApplyScriptsAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        await PostgresSchemaScripts.ApplyAllAsync(dataSource);
    }

    /// <summary>Runs a statement in the schema.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await PostgresSchema.ExecuteAsync($"DROP SCHEMA {Name} CASCADE");
}
