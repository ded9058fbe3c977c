using Coordination.Gateway.Health;
using Coordination.Silo.Schema;
using Coordination.Silo.Storage;
using Npgsql;

namespace Coordination.Silo.Runtime;

/// <summary>Whether the node's SQLite file answers a query.</summary>
internal sealed class SqliteStorageHealth(string path, SqliteDatabases databases) : IStorageHealth
{
    private static readonly SqliteStatement Probe = new("SELECT 1");

    public string Provider => "sqlite";

    public string Location { get; } = Path.GetFullPath(path);

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = databases.Acquire(path, 1);
            try
            {
                database.Read(Probe, static rows => rows.Read());
                return null;
            }
            finally
            {
                await databases.ReleaseAsync(database);
            }
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            return exception.Message;
        }
    }
}

/// <summary>Whether the node's PostgreSQL database answers a query.</summary>
internal sealed class PostgresStorageHealth(PostgresDataSources dataSources, string connectionString) : IStorageHealth
{

    public string Provider => "postgresql";

    public string Location { get; } = PostgresDataSources.Describe(connectionString);

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSources.Get(connectionString).CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return exception.Message;
        }
    }
}
