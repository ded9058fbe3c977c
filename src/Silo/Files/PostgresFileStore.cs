using System.Data;
using Coordination.Gateway.Messages;
using Coordination.Silo.Schema;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Silo.Files;

/// <summary>
/// Stored files in the cluster's PostgreSQL, table <c>stored_files</c> (deploy/sql/postgres/06-stored-files.sql), so
/// that every node serves every file. A file is one <c>INSERT ... ON CONFLICT DO NOTHING</c> (its own transaction) whose
/// content parameter Npgsql streams from the spooled upload; a file stored already is not sent again. Reads stream the
/// content out with <see cref="CommandBehavior.SequentialAccess"/>, never holding it in memory.
/// </summary>
internal sealed class PostgresFileStore(PostgresDataSources dataSources, string connectionString) : IFileStore
{
    private NpgsqlDataSource DataSource => dataSources.Get(connectionString);

    public async Task<bool> SaveAsync(StoredFile file, Stream content, CancellationToken cancellationToken)
    {
        if (await FindAsync(file.Sha256, cancellationToken) is not null)
        {
            return false;
        }

        await using var command = DataSource.CreateCommand(
            "INSERT INTO stored_files (sha256, size, content_type, content) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = file.Sha256 });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = file.Size });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = file.ContentType });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = content, Size = checked((int)file.Size) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredFile?> FindAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT size, content_type FROM stored_files WHERE sha256 = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StoredFile(sha256, reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT content FROM stored_files WHERE sha256 = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sha256 });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        await using var content = await reader.GetStreamAsync(0, cancellationToken);
        await content.CopyToAsync(destination, 81920, cancellationToken);
        return true;
    }
}
