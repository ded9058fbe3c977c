using Npgsql;

namespace Coordination.Silo.Schema;

/// <summary>How the node's PostgreSQL pieces open a database and name it in messages.</summary>
internal static class PostgresDataSources
{
    /// <summary>
    /// A data source for <paramref name="connectionString"/>. The same few statements run all the time, so Npgsql
    /// prepares them on each connection (Max Auto Prepare 16, after 2 uses) unless the connection string says otherwise.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }

        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Where a connection string points, without its credentials: <c>host:port/database</c>, and the search path if one is set.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        return string.IsNullOrEmpty(builder.SearchPath) ? location : $"{location} (search path {builder.SearchPath})";
    }
}
