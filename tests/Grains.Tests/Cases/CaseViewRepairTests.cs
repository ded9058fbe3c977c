using Coordination.Grains.Cases;
using Coordination.Grains.Judges;
using Microsoft.Data.Sqlite;

namespace Coordination.Grains.Tests.Cases;

/// <summary>A node that dies between a case's entry and the judge hearing of it: the case repairs the view when it next activates.</summary>
public sealed class CaseViewRepairTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task EntryTheJudgeNeverHeardOf_ReachesTheJudge_WhenTheCaseNextActivates()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = _node.Case(number);
        await grain.File(CaseNode.Filing(number), "clerk-li");
        var snapshotBeforeAssignment = ReadSnapshot(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.JudgeAssigned, JudgeId: "judge-wang"), "chief-zhao");
        await _node.Node.StopAsync();

        // The assignment is in the record, but the snapshot (written once the views have an entry) and the judge's view are not.
        Assert.Equal(1, Execute("UPDATE orleans_grain_state SET payload = $payload WHERE grain_type = 'case' AND grain_key = $key AND state_name = 'journal-snapshot'",
            ("$payload", snapshotBeforeAssignment), ("$key", number)));
        Execute("DELETE FROM orleans_grain_state WHERE grain_type = 'judge'");
        Assert.NotEqual(0, Execute("DELETE FROM log_entries WHERE log_name = 'judge'"));
        await _node.Node.RestartAsync();
        var judge = _node.Client.GetGrain<IJudgeGrain>("judge-wang");
        Assert.Empty(await judge.GetCaseload());

        grain = _node.Case(number);
        var view = await grain.Get();

        Assert.Equal("judge-wang", view.JudgeId);
        var held = Assert.Single(await judge.GetCaseload());
        Assert.Equal(number, held.CaseNumber);
        Assert.Equal(2, held.Version);
        Assert.True((await grain.VerifyRecord()).Intact);
    }

    private byte[] ReadSnapshot(string number)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM orleans_grain_state WHERE grain_type = 'case' AND grain_key = $key AND state_name = 'journal-snapshot'";
        command.Parameters.AddWithValue("$key", number);
        return (byte[])command.ExecuteScalar()!;
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_node.Node.Storage.SqlitePath};Pooling=false");
        connection.Open();
        return connection;
    }
}
