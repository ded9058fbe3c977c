using Coordination.Gateway.Messages;
using Coordination.Silo.Files;
using Coordination.Silo.Schema;
using Npgsql;

namespace Coordination.Silo.Tests.Files;

/// <summary>
/// The file store contract on the cluster's PostgreSQL (deploy/sql/postgres applied), plus a file saved through one
/// node's store read through another's (its own data source, as on another machine). Needs the server
/// deploy/postgres.sh starts; each test deletes its rows at its end.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PostgresFileStoreTests : FileStoreContract
{
    private static readonly string ConnectionString = new NpgsqlConnectionStringBuilder(PostgresSchema.ConnectionString) { MaxPoolSize = 10 }.ConnectionString;

    private readonly PostgresDataSources _pools = new();
    private readonly PostgresDataSources _otherNodesPools = new();

    protected override async Task<IFileStore> CreateStoreAsync()
    {
        await PostgresSchema.EnsureAppliedAsync();
        return new PostgresFileStore(_pools, ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _pools.DisposeAsync();
        await _otherNodesPools.DisposeAsync();
    }

    [Fact]
    public async Task AFileSavedThroughOneNodesStore_IsReadThroughAnothers()
    {
        var (file, content) = RandomPdf(500_000);
        await SaveAsync(file, content);
        var other = new PostgresFileStore(_otherNodesPools, ConnectionString);

        await using var read = await AttachmentStore.OpenVerifiedAsync(other, file.Sha256, CancellationToken.None);

        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
        Assert.False(await other.SaveAsync(file, new MemoryStream(content), CancellationToken.None));
    }

    protected override async Task<long> CountRowsAsync(string sha256) =>
        (long)(await ScalarAsync("SELECT count(*) FROM stored_files WHERE sha256 = $1", sha256))!;

    protected override async Task TamperAsync(string sha256, byte[] content) =>
        await PostgresSchema.ExecuteAsync("UPDATE stored_files SET content = @content WHERE sha256 = @sha256", ("content", content), ("sha256", sha256));

    protected override async Task DeleteAsync(IReadOnlyList<string> sha256s) =>
        await PostgresSchema.ExecuteAsync("DELETE FROM stored_files WHERE sha256 = ANY(@sha256s)", ("sha256s", sha256s.ToArray()));

    private static async Task<object?> ScalarAsync(string sql, string value)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter<string> { TypedValue = value } } };
        return await command.ExecuteScalarAsync();
    }
}
