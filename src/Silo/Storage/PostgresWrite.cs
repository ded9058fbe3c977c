using Npgsql;
using NpgsqlTypes;

namespace Coordination.Silo.Storage;

/// <summary>
/// One write waiting for the next group commit: one statement that returns at most one row, whose first column (a
/// bigint) is the write's outcome; no row is an outcome too (null). For grain state: an insert, an update or a delete
/// of one row, whose outcome is the row's new ETag, or null when the ETag did not match. The outcome is delivered only
/// after the transaction that ran the statement committed. A write can be run more than once (alone, after its batch
/// failed): each run builds its statement anew.
/// </summary>
/// <param name="command">Builds the statement with its parameters, once per run.</param>
internal sealed class PostgresWrite(Func<NpgsqlBatchCommand> command)
{
    private readonly TaskCompletionSource<long?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<long?> Outcome => _outcome.Task;

    /// <summary>A new row, for a grain that holds no ETag.</summary>
    public static PostgresWrite Insert(PostgresStateKey key, byte[] payload, DateTime modifiedAt) =>
        new(() => StateCommand(PostgresGrainStorageSql.Insert, key, payload, modifiedAt, null));

    /// <summary>A new payload (null: cleared) for the row whose ETag is <paramref name="expectedEtag"/>.</summary>
    public static PostgresWrite Update(PostgresStateKey key, byte[]? payload, DateTime modifiedAt, long expectedEtag) =>
        new(() => StateCommand(PostgresGrainStorageSql.Update, key, payload, modifiedAt, expectedEtag));

    /// <summary>The row deleted if its ETag is <paramref name="expectedEtag"/>.</summary>
    public static PostgresWrite Delete(PostgresStateKey key, long expectedEtag) =>
        new(() => StateCommand(PostgresGrainStorageSql.Delete, key, null, null, expectedEtag));

    /// <summary>The statement, built for this run.</summary>
    public NpgsqlBatchCommand ToCommand() => command();

    public void Succeed(long? outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);

    /// <summary>A grain state statement with its parameters in the order <see cref="PostgresGrainStorageSql"/> numbers them.</summary>
    private static NpgsqlBatchCommand StateCommand(string sql, PostgresStateKey key, byte[]? payload, DateTime? modifiedAt, long? expectedEtag)
    {
        var command = new NpgsqlBatchCommand(sql);
        key.AddTo(command.Parameters);
        if (modifiedAt is { } at)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)payload ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = at });
        }

        if (expectedEtag is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        return command;
    }
}
