using Coordination.Gateway.Messages;
using Coordination.Silo.Files;
using Coordination.Silo.Storage;
using Coordination.Silo.Tests.Providers;
using Microsoft.Data.Sqlite;

namespace Coordination.Silo.Tests.Files;

/// <summary>The file store contract on the node's SQLite file, written through its single writer.</summary>
public sealed class SqliteFileStoreTests : FileStoreContract
{
    private readonly TestDatabaseFile _file = new();
    private readonly SqliteDatabases _databases = new();

    protected override Task<IFileStore> CreateStoreAsync() =>
        Task.FromResult<IFileStore>(new SqliteFileStore(_file.Path, 64, _databases, TimeProvider.System));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _databases.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _file.Dispose();
    }

    protected override Task<long> CountRowsAsync(string sha256) =>
        Task.FromResult((long)Execute("SELECT count(*) FROM stored_files WHERE sha256 = @sha256", ("@sha256", sha256))!);

    protected override Task TamperAsync(string sha256, byte[] content)
    {
        Execute("UPDATE stored_files SET content = @content WHERE sha256 = @sha256", ("@content", content), ("@sha256", sha256));
        return Task.CompletedTask;
    }

    protected override Task DeleteAsync(IReadOnlyList<string> sha256s) => Task.CompletedTask; // the file goes with the test

    private object? Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteScalar();
    }
}
