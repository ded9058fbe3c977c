using System.Text.Json.Nodes;
using Coordination.Actors.Logs;
using Coordination.Actors.Storage;
using Coordination.Grains.Cases;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coordination.Grains.Tests.Cases;

/// <summary>The record verification against PostgreSQL (needs the server that deploy/postgres.sh starts; override with COORDINATION_TEST_POSTGRES).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresCaseRecordTests : IAsyncLifetime
{
    private static readonly string ConnectionString = Environment.GetEnvironmentVariable("COORDINATION_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination_test";

    private readonly CaseNode _node = new() { Storage = new StorageOptions { PostgresConnectionString = ConnectionString } };

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task EditedFundsInTheStoredState_AreCaughtByBothVerifications_NamingFundsReceived()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 100m), "judge-wang");
        var logs = _node.Node.Services.GetRequiredService<ILogStorage>();
        var states = _node.Node.Services.GetRequiredService<IGrainStorage>();
        Assert.True((await grain.VerifyRecord()).Intact);
        Assert.True((await StoredRecordVerifier.VerifyAsync(logs, states, number)).Intact);

        await EditStoredFundsAsync(number, 1_000_000m);

        foreach (var verification in new[] { await grain.VerifyRecord(), await StoredRecordVerifier.VerifyAsync(logs, states, number) })
        {
            Assert.False(verification.Intact);
            Assert.Equal("fundsReceived: stored 1000000, record gives 100", verification.StateMismatch?.Summary);
        }
    }

    private static async Task EditStoredFundsAsync(string number, decimal amount)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT data FROM grain_state WHERE grain_type = 'case' AND grain_id = @key AND state_name = 'journal-snapshot'", connection);
        read.Parameters.AddWithValue("key", number);
        var snapshot = JsonNode.Parse((string)(await read.ExecuteScalarAsync())!)!;
        snapshot["state"]!["fundsReceived"] = amount;
        await using var write = new NpgsqlCommand("UPDATE grain_state SET data = @data WHERE grain_type = 'case' AND grain_id = @key AND state_name = 'journal-snapshot'", connection);
        write.Parameters.AddWithValue("data", snapshot.ToJsonString());
        write.Parameters.AddWithValue("key", number);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}
