using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace Coordination.Silo.Schema;

/// <summary>
/// The node's connection pools to PostgreSQL: one <see cref="NpgsqlDataSource"/> per connection string, shared by the
/// grain storage, the log storage, the file store and the health check, so that a node never holds more than the
/// connection string's Maximum Pool Size (<see cref="DefaultMaxPoolSize"/> unless it says otherwise) connections for
/// its data. Orleans' reminder table opens its own, at most <see cref="ReminderMaxPoolSize"/>. The pools close when the
/// node's service provider is disposed, after the stores that use them.
/// </summary>
internal sealed class PostgresDataSources : IAsyncDisposable
{
    /// <summary>
    /// Connections a node opens for its data unless the connection string sets Maximum Pool Size. Npgsql's own default
    /// (100) lets three nodes use up a default PostgreSQL's 100 slots; this leaves room for several nodes and the tools.
    /// </summary>
    public const int DefaultMaxPoolSize = 30;

    /// <summary>Most connections Orleans' reminder table opens; it runs a handful of statements at a time.</summary>
    public const int ReminderMaxPoolSize = 10;

    private static readonly string[] MaxPoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _open = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The node's pool for <paramref name="connectionString"/>, created on first use.</summary>
    /// <exception cref="ObjectDisposedException">The node has stopped.</exception>
    public NpgsqlDataSource Get(string connectionString)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _open.GetOrAdd(connectionString, key => new Lazy<NpgsqlDataSource>(() => Create(key))).Value;
    }

    /// <summary>Closes every pool.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var dataSource in _open.Values.Where(lazy => lazy.IsValueCreated).Select(lazy => lazy.Value))
        {
            await dataSource.DisposeAsync();
        }

        _open.Clear();
    }

    /// <summary>
    /// A data source of its own for <paramref name="connectionString"/> (the verbs, which open and close one). The same few
    /// statements run all the time, so Npgsql prepares them on each connection (Max Auto Prepare 16, after 2 uses)
    /// unless the connection string says otherwise.
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithDefaults(connectionString).ConnectionString);

    /// <summary><paramref name="connectionString"/> with the node's defaults for what it leaves out: pool size and statement preparation.</summary>
    public static NpgsqlConnectionStringBuilder WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!MaxPoolSizeKeywords.Any(given.ContainsKey))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder;
    }

    /// <summary>The connection string Orleans' reminder table gets: the node's, with its pool capped at <see cref="ReminderMaxPoolSize"/>.</summary>
    public static string ForReminders(string connectionString)
    {
        var builder = WithDefaults(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, ReminderMaxPoolSize);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return builder.ConnectionString;
    }

    /// <summary>Where a connection string points, without its credentials: <c>host:port/database</c>, and the search path if one is set.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        return string.IsNullOrEmpty(builder.SearchPath) ? location : $"{location} (search path {builder.SearchPath})";
    }
}
