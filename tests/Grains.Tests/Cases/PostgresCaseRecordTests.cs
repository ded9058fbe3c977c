using Coordination.Grains.Cases;
using Coordination.Grains.Journals;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Coordination.Grains.Tests.Cases;

/// <summary>The record verification against PostgreSQL (<see cref="PostgresSchema"/>).</summary>
[Trait("Category", "Postgres")]
public sealed class PostgresCaseRecordTests : IAsyncLifetime
{
    private readonly CaseNode _node = new() { Storage = new NodeStorageOptions { PostgresConnectionString = PostgresSchema.ConnectionString } };

    public async Task InitializeAsync()
    {
        await PostgresSchema.EnsureAppliedAsync();
        await _node.InitializeAsync();
    }

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task EditedFundsInTheStoredState_AreCaughtByBothVerifications_NamingFundsReceived()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 100m), "judge-wang");
        var logs = _node.Node.Services.GetRequiredService<ILogStorage>();
        var states = _node.Node.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        Assert.True((await grain.VerifyRecord()).Intact);
        Assert.True((await StoredRecordVerifier.VerifyAsync(logs, states, number)).Intact);

        await EditStoredFundsAsync(number, 1_000_000m);

        foreach (var verification in new[] { await grain.VerifyRecord(), await StoredRecordVerifier.VerifyAsync(logs, states, number) })
        {
            Assert.False(verification.Intact);
            Assert.Equal("fundsReceived: stored 1000000, record gives 100", verification.StateMismatch?.Summary);
        }
    }

    /// <summary>Edits the case's stored snapshot (in the grain storage's binary format) in the database, behind the runtime's back.</summary>
    private async Task EditStoredFundsAsync(string number, decimal amount)
    {
        var serializer = _node.Node.Services.GetRequiredService<IGrainStorageSerializer>();
        await using var connection = new NpgsqlConnection(PostgresSchema.ConnectionString);
        await connection.OpenAsync();
        const string Key = "grain_type = 'case' AND grain_key = @key AND state_name = @name";
        await using var read = new NpgsqlCommand($"SELECT payload FROM orleans_grain_state WHERE {Key}", connection);
        read.Parameters.AddWithValue("key", number);
        read.Parameters.AddWithValue("name", JournalSnapshots.StateName);
        var snapshot = serializer.Deserialize<JournalSnapshot<CaseState>>(new BinaryData((byte[])(await read.ExecuteScalarAsync())!))!;
        snapshot.State.FundsReceived = amount;
        await using var write = new NpgsqlCommand($"UPDATE orleans_grain_state SET payload = @payload WHERE {Key}", connection);
        write.Parameters.AddWithValue("payload", serializer.Serialize(snapshot).ToArray());
        write.Parameters.AddWithValue("key", number);
        write.Parameters.AddWithValue("name", JournalSnapshots.StateName);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }
}
