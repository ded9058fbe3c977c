using Npgsql;
using NpgsqlTypes;

namespace Coordination.Silo.Storage;

/// <summary>
/// One write waiting for the next group commit: an insert, an update or a delete of one row. Its outcome, delivered
/// only after the transaction that ran it committed, is the row's new ETag, or null when the ETag did not match.
/// A write can be run more than once (alone, after its batch failed): each run builds its statement anew.
/// </summary>
internal sealed class PostgresWrite
{
    private readonly TaskCompletionSource<long?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _sql;
    private readonly PostgresStateKey _key;
    private readonly byte[]? _payload;
    private readonly DateTime? _modifiedAt;
    private readonly long? _expectedEtag;

    private PostgresWrite(string sql, PostgresStateKey key, byte[]? payload, DateTime? modifiedAt, long? expectedEtag)
    {
        _sql = sql;
        _key = key;
        _payload = payload;
        _modifiedAt = modifiedAt;
        _expectedEtag = expectedEtag;
    }

    public Task<long?> Outcome => _outcome.Task;

    /// <summary>A new row, for a grain that holds no ETag.</summary>
    public static PostgresWrite Insert(PostgresStateKey key, byte[] payload, DateTime modifiedAt) =>
        new(PostgresGrainStorageSql.Insert, key, payload, modifiedAt, null);

    /// <summary>A new payload (null: cleared) for the row whose ETag is <paramref name="expectedEtag"/>.</summary>
    public static PostgresWrite Update(PostgresStateKey key, byte[]? payload, DateTime modifiedAt, long expectedEtag) =>
        new(PostgresGrainStorageSql.Update, key, payload, modifiedAt, expectedEtag);

    /// <summary>The row deleted if its ETag is <paramref name="expectedEtag"/>.</summary>
    public static PostgresWrite Delete(PostgresStateKey key, long expectedEtag) =>
        new(PostgresGrainStorageSql.Delete, key, null, null, expectedEtag);

    /// <summary>The statement with its parameters in the order <see cref="PostgresGrainStorageSql"/> numbers them.</summary>
    public NpgsqlBatchCommand ToCommand()
    {
        var command = new NpgsqlBatchCommand(_sql);
        _key.AddTo(command.Parameters);
        if (_modifiedAt is { } modifiedAt)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)_payload ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = modifiedAt });
        }

        if (_expectedEtag is { } expected)
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected });
        }

        return command;
    }

    public void Succeed(long? etag) => _outcome.TrySetResult(etag);

    public void Fail(Exception exception) => _outcome.TrySetException(exception);
}
