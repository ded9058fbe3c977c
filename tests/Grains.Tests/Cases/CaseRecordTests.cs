using System.Text.Json;
using Coordination.Grains.Cases;
using Coordination.Grains.Journals;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Coordination.Grains.Tests.Cases;

/// <summary>Changes the database behind the runtime's back and expects the verifier to name the first bad entry.</summary>
public sealed class CaseRecordTests : IAsyncLifetime
{
    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    private async Task<(string Number, ICaseGrain Grain)> CaseWithFiveEntriesAsync()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.NoticeSent, Note: "直接送达"), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.NetworkInquirySent), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.NetworkInquiryResult, Result: "查得银行存款 3 笔"), "judge-wang");
        return (number, grain);
    }

    private int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_node.Node.Storage.SqlitePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private string ReadData(string number, long sequence)
    {
        using var connection = new SqliteConnection($"Data Source={_node.Node.Storage.SqlitePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM log_entries WHERE log_name = 'case' AND log_key = $key AND seq = $seq";
        command.Parameters.AddWithValue("$key", number);
        command.Parameters.AddWithValue("$seq", sequence);
        return (string)command.ExecuteScalar()!;
    }

    private void WriteData(string number, long sequence, string data) =>
        Assert.Equal(1, Execute("UPDATE log_entries SET data = $data WHERE log_name = 'case' AND log_key = $key AND seq = $seq",
            ("$data", data), ("$key", number), ("$seq", sequence)));

    [Fact]
    public async Task UntouchedRecord_IsIntact_AndEveryEntryChainsToTheOneBefore()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        var record = await grain.GetRecord();
        Assert.Equal([1L, 2, 3, 4, 5], record.Select(e => e.Sequence));
        Assert.Equal(CaseRecordHash.Genesis, record[0].PreviousHash);
        Assert.All(record.Skip(1), (e, i) => Assert.Equal(record[i].Hash, e.PreviousHash));
        var verification = await grain.VerifyRecord();
        Assert.Equal(new RecordVerification(number, true, 5, null, null, record[^1].Hash), verification);
    }

    [Fact]
    public async Task AlteredAmount_IsCaught_AtThatEntry()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        WriteData(number, 1, ReadData(number, 1).Replace("125000", "12500", StringComparison.Ordinal));
        var verification = await grain.VerifyRecord();
        Assert.False(verification.Intact);
        Assert.Equal(1, verification.FirstBadSequence);
        Assert.Contains("altered", verification.Problem);
    }

    [Fact]
    public async Task RemovedEntry_IsCaught_AtTheGap()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        Assert.Equal(1, Execute("DELETE FROM log_entries WHERE log_name = 'case' AND log_key = $key AND seq = 3", ("$key", number)));
        var verification = await grain.VerifyRecord();
        Assert.Equal((false, 3L), (verification.Intact, verification.FirstBadSequence));
        Assert.Contains("missing", verification.Problem);
    }

    [Fact]
    public async Task RemovedLastEntry_IsCaught_AgainstTheConfirmedHead()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        Assert.Equal(1, Execute("DELETE FROM log_entries WHERE log_name = 'case' AND log_key = $key AND seq = 5", ("$key", number)));
        var verification = await grain.VerifyRecord();
        Assert.Equal((false, 5L), (verification.Intact, verification.FirstBadSequence));
        Assert.Contains("removed from the end", verification.Problem);
    }

    [Fact]
    public async Task SwappedEntries_AreCaught_AtTheFirstMovedOne()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        var (second, third) = (ReadData(number, 2), ReadData(number, 3));
        WriteData(number, 2, third);
        WriteData(number, 3, second);
        var verification = await grain.VerifyRecord();
        Assert.Equal((false, 2L), (verification.Intact, verification.FirstBadSequence));
    }

    [Fact]
    public async Task RenumberedEntries_AreCaught()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        // Moves entry 4 to the end: 4 -> 9, 5 -> 4, 9 -> 5, sequence numbers only.
        Execute("UPDATE log_entries SET seq = 9 WHERE log_name = 'case' AND log_key = $key AND seq = 4", ("$key", number));
        Execute("UPDATE log_entries SET seq = 4 WHERE log_name = 'case' AND log_key = $key AND seq = 5", ("$key", number));
        Execute("UPDATE log_entries SET seq = 5 WHERE log_name = 'case' AND log_key = $key AND seq = 9", ("$key", number));
        var verification = await grain.VerifyRecord();
        Assert.Equal((false, 4L), (verification.Intact, verification.FirstBadSequence));
    }

    [Fact]
    public async Task RewrittenChainWithRecomputedHashes_IsCaught_BecauseTheHeadNoLongerMatches()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();
        var previous = ReadEntry(number, 2).Hash;
        for (var sequence = 3L; sequence <= 5; sequence++)
        {
            var entry = ReadEntry(number, sequence);
            var forged = CaseRecordHash.Seal(entry with { Actor = sequence == 3 ? "someone-else" : entry.Actor, PreviousHash = previous });
            WriteData(number, sequence, JsonSerializer.Serialize(forged, GrainsJsonContext.Default.CaseRecordEntry));
            previous = forged.Hash;
        }

        var verification = await grain.VerifyRecord();
        Assert.Equal((false, 5L), (verification.Intact, verification.FirstBadSequence));
        Assert.Contains("rewritten", verification.Problem);
    }

    [Fact]
    public async Task StoredRecordVerifier_ReadsTheDatabaseDirectly_AndCatchesTheSameChanges()
    {
        var (number, _) = await CaseWithFiveEntriesAsync();
        var logs = _node.Node.Services.GetRequiredService<ILogStorage>();
        var states = _node.Node.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        Assert.True((await StoredRecordVerifier.VerifyAsync(logs, states, number)).Intact);
        Assert.Equal(1, Execute("DELETE FROM log_entries WHERE log_name = 'case' AND log_key = $key AND seq = 5", ("$key", number)));
        Assert.Equal(5, (await StoredRecordVerifier.VerifyAsync(logs, states, number)).FirstBadSequence);
        await Assert.ThrowsAsync<CaseNotFoundException>(() => StoredRecordVerifier.VerifyAsync(logs, states, "SH01-never"));
    }

    [Fact]
    public async Task EditedFundsInTheStoredState_WithTheRecordUntouched_AreCaughtByBothVerifications_NamingFundsReceived()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 100m), "judge-wang");
        var logs = _node.Node.Services.GetRequiredService<ILogStorage>();
        var states = _node.Node.Services.GetRequiredKeyedService<IGrainStorage>("Default");

        EditStoredState(number, state => state.FundsReceived = 1_000_000m);

        var byTheCase = await grain.VerifyRecord();
        var fromTheDatabase = await StoredRecordVerifier.VerifyAsync(logs, states, number);
        foreach (var verification in new[] { byTheCase, fromTheDatabase })
        {
            Assert.Equal((false, 3, (long?)null), (verification.Intact, verification.Entries, verification.FirstBadSequence));
            Assert.Equal(new StateMismatch("stored", 3, "fundsReceived", "1000000", "100"), verification.StateMismatch);
            Assert.Contains("fundsReceived: stored 1000000, record gives 100", verification.Problem);
        }

        // Once the case loads the edited state it shows the forged amount, and the verification still names it.
        await _node.Node.RestartAsync();
        Assert.Equal(1_000_000m, (await _node.Case(number).Get()).FundsReceived);
        var afterRestart = await _node.Case(number).VerifyRecord();
        Assert.False(afterRestart.Intact);
        Assert.Equal("fundsReceived: stored 1000000, record gives 100", afterRestart.StateMismatch?.Summary);
    }

    [Fact]
    public async Task StoredStateClaimingFewerEntries_IsCaught_AtTheFirstFieldTheLaterEntriesSet()
    {
        var (number, grain) = await CaseWithFiveEntriesAsync();

        EditStoredSnapshot(number, snapshot => snapshot.Version = 4);

        var verification = await grain.VerifyRecord();
        Assert.False(verification.Intact);
        Assert.Equal(("stored", 4L, "networkInquiriesPending"), (verification.StateMismatch?.Copy, verification.StateMismatch?.Version, verification.StateMismatch?.Field));
    }

    [Fact]
    public async Task UntouchedCaseWithManyKindsOfSteps_VerifiesIntact_BeforeAndAfterARestart()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        await grain.RecordStep(new CaseStep(CaseStepKind.NoticeSent, Note: "直接送达", IdempotencyKey: "notice-1"), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.ClueReceived, Note: "被执行人名下车辆"), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.ClueVerified, ClueId: "c1", Result: "属实"), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.Frozen, Target: "工商银行 6222", Amount: 50_000m), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.Renewed, MeasureId: "m1"), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsReceived, Amount: 12_345.60m), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.FundsPaidOut, Target: "张三 账户", Amount: 345.6m), "judge-wang");
        await grain.RecordStep(new CaseStep(CaseStepKind.JudgeAssigned, JudgeId: "judge-li"), "chief-zhao");
        var logs = _node.Node.Services.GetRequiredService<ILogStorage>();
        var states = _node.Node.Services.GetRequiredKeyedService<IGrainStorage>("Default");

        var verification = await grain.VerifyRecord();
        Assert.True(verification.Intact, verification.Problem);
        Assert.True((await StoredRecordVerifier.VerifyAsync(logs, states, number)).Intact);
        await _node.Node.RestartAsync();
        var afterRestart = await _node.Case(number).VerifyRecord();
        Assert.True(afterRestart.Intact, afterRestart.Problem);
        Assert.Equal(10, afterRestart.Entries);
    }

    /// <summary>
    /// Edits the case's stored snapshot (a <see cref="JournalSnapshot{TState}"/> in the grain storage's binary format) in
    /// the database, behind the runtime's back: the row is read, decoded, changed and written back with plain SQL.
    /// </summary>
    private void EditStoredState(string number, Action<CaseState> editState) => EditStoredSnapshot(number, snapshot => editState(snapshot.State));

    private void EditStoredSnapshot(string number, Action<JournalSnapshot<CaseState>> edit)
    {
        var serializer = _node.Node.Services.GetRequiredService<IGrainStorageSerializer>();
        using var connection = new SqliteConnection($"Data Source={_node.Node.Storage.SqlitePath};Pooling=false");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT payload FROM orleans_grain_state WHERE grain_type = 'case' AND grain_key = $key AND state_name = $name";
        read.Parameters.AddWithValue("$key", number);
        read.Parameters.AddWithValue("$name", JournalSnapshots.StateName);
        var snapshot = serializer.Deserialize<JournalSnapshot<CaseState>>(new BinaryData((byte[])read.ExecuteScalar()!))!;
        edit(snapshot);
        Assert.Equal(1, Execute("UPDATE orleans_grain_state SET payload = $payload WHERE grain_type = 'case' AND grain_key = $key AND state_name = $name",
            ("$payload", serializer.Serialize(snapshot).ToArray()), ("$key", number), ("$name", JournalSnapshots.StateName)));
    }

    private CaseRecordEntry ReadEntry(string number, long sequence) =>
        JsonSerializer.Deserialize(ReadData(number, sequence), GrainsJsonContext.Default.CaseRecordEntry)!;
}
