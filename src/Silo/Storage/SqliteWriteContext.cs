using Microsoft.Data.Sqlite;

namespace Coordination.Silo.Storage;

/// <summary>
/// What a write sees while its batch's transaction is open: the prepared statements of the write connection
/// and the database-wide ETag counter.
/// </summary>
internal sealed class SqliteWriteContext(SqliteCommandCache commands, long lastEtag)
{
    private SqliteTransaction? _transaction;

    /// <summary>The last ETag handed out; persisted with each batch that advanced it.</summary>
    public long LastEtag { get; private set; } = lastEtag;

    /// <summary>The write connection, for what statements cannot do (a blob written as a stream into the batch's transaction).</summary>
    public SqliteConnection Connection => commands.Connection;

    /// <summary>A new ETag, never handed out before in this database file (not even for a row since deleted).</summary>
    public long NextEtag() => ++LastEtag;

    /// <summary>Runs a statement inside the batch's transaction and returns the rows it changed.</summary>
    public int Execute(SqliteStatement statement, params ReadOnlySpan<object?> values)
    {
        var command = commands.Bind(statement, values);
        command.Transaction = _transaction;
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement inside the batch's transaction and returns the first column of its first row; null when it returns none.</summary>
    public object? ExecuteScalar(SqliteStatement statement, params ReadOnlySpan<object?> values)
    {
        var command = commands.Bind(statement, values);
        command.Transaction = _transaction;
        return command.ExecuteScalar();
    }

    /// <summary>Runs a script of statements without parameters (the schema) inside the batch's transaction.</summary>
    public long ExecuteScript(string sql)
    {
        using var command = commands.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        command.ExecuteNonQuery();
        return 0;
    }

    public void Begin(SqliteTransaction transaction) => _transaction = transaction;
}
