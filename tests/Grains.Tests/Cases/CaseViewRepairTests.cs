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
        Execute("UPDATE grain_state SET data = $data WHERE grain_type = 'case' AND grain_id = $key AND state_name = 'journal-snapshot'",
            ("$data", snapshotBeforeAssignment), ("$key", number));
        Execute("DELETE FROM grain_state WHERE grain_type = 'judge'");
        Execute("DELETE FROM log_entries WHERE log_name = 'judge'");
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

    private string ReadSnapshot(string number)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM grain_state WHERE grain_type = 'case' AND grain_id = $key AND state_name = 'journal-snapshot'";
        command.Parameters.AddWithValue("$key", number);
        return (string)command.ExecuteScalar()!;
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_node.Node.Storage.SqlitePath};Pooling=false");
        connection.Open();
        return connection;
    }
}
