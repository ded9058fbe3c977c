using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Grains.Cases;
using Coordination.Grains.Journals;
using Coordination.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Silo.Tests;

/// <summary>The <c>verify-record</c> verb and the HTTP verification on a node whose stored case state was edited behind its back.</summary>
public sealed class VerifyRecordVerbTests
{
    [Fact]
    public async Task StoredFundsEditedWithTheRecordUntouched_TheVerbExits1AndTheHttpVerificationFails_BothNamingFundsReceived()
    {
        await using var node = new RunningNode("verify-record", MosquittoBroker.FreePort());
        await node.StartAsync();
        var caseNumber = await node.FileAndAssignCaseAsync();
        using (var judge = await node.ClientForAsync("judge-wang"))
        {
            (await judge.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "FundsReceived", amount = 100 })).EnsureSuccessStatusCode();
        }

        var (intactExit, intactOutput) = await VerifyAsync(node, caseNumber);
        await node.KillAsync();
        EditStoredFunds(node, caseNumber, 1_000_000);
        var (alteredExit, alteredOutput) = await VerifyAsync(node, caseNumber);

        Assert.Equal(0, intactExit);
        Assert.Contains($"{caseNumber}: intact, 3 entries", intactOutput);
        Assert.Equal(1, alteredExit);
        Assert.Contains("STATE ALTERED", alteredOutput);
        Assert.Contains("fundsReceived: stored 1000000, record gives 100", alteredOutput);

        await node.StartAsync();
        using var chief = await node.ClientForAsync("chief-zhao");
        Assert.Equal(1_000_000m, (decimal)(await chief.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}"))!["fundsReceived"]!);
        var verification = (await chief.GetFromJsonAsync<JsonObject>($"/cases/{caseNumber}/record/verification"))!;
        Assert.False((bool)verification["intact"]!);
        Assert.Equal(("fundsReceived", "1000000", "100"),
            ((string)verification["stateMismatch"]!["field"]!, (string)verification["stateMismatch"]!["stored"]!, (string)verification["stateMismatch"]!["record"]!));
    }

    private static async Task<(int ExitCode, string Output)> VerifyAsync(RunningNode node, string caseNumber)
    {
        using var process = node.StartVerb(["verify-record", caseNumber]);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Sets the case's funds received in its stored snapshot (the grain state row, in the node's Orleans binary format), leaving the record alone.</summary>
    private static void EditStoredFunds(RunningNode node, string caseNumber, decimal amount)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(node.Folder, "data", "coordination.db")};Pooling=false");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM orleans_grain_state WHERE grain_type = 'case' AND grain_key = $key AND state_name = $name";
        read.Parameters.AddWithValue("$key", caseNumber);
        read.Parameters.AddWithValue("$name", JournalSnapshots.StateName);
        var snapshot = StoredStates.Deserialize<JournalSnapshot<CaseState>>(new BinaryData((byte[])read.ExecuteScalar()!))!;
        snapshot.State.FundsReceived = amount;
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE orleans_grain_state SET payload = $payload WHERE grain_type = 'case' AND grain_key = $key AND state_name = $name";
        write.Parameters.AddWithValue("$payload", StoredStates.Serialize(snapshot).ToArray());
        write.Parameters.AddWithValue("$key", caseNumber);
        write.Parameters.AddWithValue("$name", JournalSnapshots.StateName);
        Assert.Equal(1, write.ExecuteNonQuery());
    }

    /// <summary>The node's grain state format: Orleans' binary serializer over the grains' generated codecs.</summary>
    private static readonly OrleansGrainStorageSerializer StoredStates = new(new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(CaseState).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());
}
