using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Deadlines;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;

namespace Coordination.Grains.Tests.Cases;

/// <summary>
/// Deadlines across a killed silo: two silos on one PostgreSQL schema of their own, each firing the reminders in its share of the ring.
/// When one is killed, the survivor takes its share over and fires what came due meanwhile. Real node processes
/// cannot have their clock moved to a tier's instant, so this runs the node's silos in one process on a fake clock.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class DeadlineFailoverTests : IAsyncLifetime
{
    private const int Cases = 24; // enough that both silos hold some of the reminders, whatever the ring

    private ScratchSchema _database = null!;
    private CaseNode _node = null!;

    // A schema of its own: a node on the shared one would hold an activation of the same court's journal as another test's node.
    public async Task InitializeAsync()
    {
        _database = await ScratchSchema.CreateAsync();
        await _database.ApplyScriptsAsync();
        var pooled = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = true }.ConnectionString;
        _node = new() { Storage = new NodeStorageOptions { PostgresConnectionString = pooled }, Silos = 2 };
        await _node.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ATierThatBeginsWhileTheSiloFiringItsReminderIsDead_IsWarnedOnce_ByTheSurvivor()
    {
        var (survivor, victim) = (_node.Node.Silos[0], _node.Node.Silos[1]);
        var judge = $"judge-{Guid.NewGuid():N}";
        var cases = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            cases.Add(CaseNode.NewCaseNumber());
            await _node.FileAndAssignAsync(cases[^1], judge);
        }

        var notice = Assert.Single((await _node.Case(cases[0]).Get()).Deadlines, d => d.Deadline.Id == DeadlineRuleIds.EnforcementNotice).Deadline;

        // The upcoming tier, with both silos up, shows which silo fires each case's reminder.
        await AdvanceToAsync(notice.BeginningOf(AlertTier.Upcoming));
        await Wait.UntilAsync(async () => (await WarnedAsync(judge, AlertTier.Upcoming)).Count == Cases, "every case's upcoming notice warning");
        var victims = cases.Where(c => SendersOf(c).Contains(victim.SiloAddress)).ToList();
        Assert.True(victims.Count > 0, $"none of {Cases} cases' reminders is in the second silo's share of the ring");

        // Killed just before the due tier begins: the tier comes due before the survivor finds the silo dead.
        await AdvanceToAsync(notice.DueAt - TimeSpan.FromMinutes(1));
        var ticksBefore = _node.Node.Reminders.Ticks.Count;
        await _node.Node.KillSiloAsync(victim);
        _node.Time.Advance(notice.DueAt - _node.Time.GetUtcNow());

        // The survivor arms what it took over at the next cadence point of each reminder.
        await Wait.UntilAsync(async () =>
        {
            if (_node.Node.Reminders.Running == 0 && _node.Time.GetUtcNow() < notice.DueAt.AddHours(1))
            {
                _node.Time.Advance(TimeSpan.FromMinutes(1));
            }

            return (await WarnedAsync(judge, AlertTier.Due)).Count == Cases;
        }, "every case's due notice warning after the kill", TimeSpan.FromSeconds(60));

        var due = await WarnedAsync(judge, AlertTier.Due);
        Assert.All(victims, c => Assert.Contains(survivor.SiloAddress, SendersOf(c, after: ticksBefore)));
        Assert.All(due, warning =>
        {
            Assert.Null(warning.PassedUnseen); // late by minutes, not past a tier
            Assert.Equal(notice.DueAt, warning.TierBeganAt);
        });

        // Nothing is warned twice, on any stream the judge sees, for any deadline.
        var all = (await DeadlineWarningsAsync(judge)).Select(a => (a.CaseNumber, a.DeadlineId, a.Tier)).ToList();
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal(cases.Order(), due.Select(a => a.CaseNumber!).Order());
    }

    private async Task AdvanceToAsync(DateTimeOffset moment)
    {
        await Wait.UntilAsync(() => _node.Node.Reminders.Running == 0, "the reminder ticks under way to return");
        _node.Time.Advance(moment - _node.Time.GetUtcNow());
    }

    /// <summary>The notice warnings of <paramref name="tier"/> in the judge's alert log.</summary>
    private async Task<List<Alert>> WarnedAsync(string judge, AlertTier tier) =>
        [.. (await DeadlineWarningsAsync(judge)).Where(a => a.DeadlineId == DeadlineRuleIds.EnforcementNotice && a.Tier == tier)];

    /// <summary>Every deadline warning in the judge's alert log, read from the database, which outlives either silo.</summary>
    private async Task<IEnumerable<Alert>> DeadlineWarningsAsync(string judge) =>
        (await _node.Node.Services.GetRequiredService<AlertLog>().ReadAsync(AlertStreams.ForJudge(judge), 0, int.MaxValue, CancellationToken.None))
            .Select(e => e.Alert).Where(a => a.Kind == AlertKind.Deadline);

    /// <summary>The silos whose reminder service delivered ticks to the case (from the <paramref name="after"/>th tick on).</summary>
    private HashSet<SiloAddress?> SendersOf(string caseNumber, int after = 0) =>
        [.. _node.Node.Reminders.Ticks.Skip(after).Where(t => t.Grain.Key.ToString() == caseNumber).Select(t => t.From)];
}
