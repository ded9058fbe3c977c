using Microsoft.Data.Sqlite;

namespace Coordination.Silo.Storage;

/// <summary>A connection with its statements prepared once. Not thread-safe: one user at a time.</summary>
internal sealed class SqliteCommandCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<SqliteStatement, SqliteCommand> _commands = [];

    public SqliteConnection Connection { get; } = connection;

    /// <summary>The statement's command with <paramref name="values"/> bound to its parameters.</summary>
    public SqliteCommand Bind(SqliteStatement statement, ReadOnlySpan<object?> values)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var name in statement.ParameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands.Add(statement, command);
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        Connection.Dispose();
    }
}
