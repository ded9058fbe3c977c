using Coordination.Silo.Runtime;
using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Grains.Tests;

/// <summary>
/// The PostgreSQL test database (needs the server that deploy/postgres.sh starts; override with
/// COORDINATION_TEST_POSTGRES). The node checks the schema when it starts, so deploy/sql/postgres is applied first, as
/// deploy/postgres.sh does (the scripts are idempotent).
/// </summary>
internal static class TestPostgres
{
    public static string ConnectionString { get; } = Environment.GetEnvironmentVariable("COORDINATION_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination_test";

    public static NodeStorageOptions Storage => new() { PostgresConnectionString = ConnectionString };

    public static Task ApplySchemaAsync() => ApplySchemaAsync(ConnectionString);

    private static async Task ApplySchemaAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await PostgresSchemaScripts.ApplyAllAsync(dataSource);
    }

    /// <summary>
    /// A schema of its own, alone on the search path, with the scripts applied: a node there shares no grain (a court's
    /// journal, say) with the nodes of other tests, which would each think they hold its only activation.
    /// </summary>
    public sealed class Scratch : IAsyncDisposable
    {
        private readonly string _name = $"scratch_{Guid.NewGuid():N}";

        private Scratch() => Storage = new() { PostgresConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = _name }.ConnectionString };

        public NodeStorageOptions Storage { get; }

        public static async Task<Scratch> CreateAsync()
        {
            var scratch = new Scratch();
            await ExecuteAsync($"CREATE SCHEMA {scratch._name}");
            await ApplySchemaAsync(scratch.Storage.PostgresConnectionString!);
            return scratch;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP SCHEMA {_name} CASCADE");
        }

        private static async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
