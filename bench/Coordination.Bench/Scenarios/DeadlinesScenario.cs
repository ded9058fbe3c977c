using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Coordination.Bench.Fixtures;
using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Deadlines;
using Coordination.Grains.Hosting;
using Coordination.Grains.Judges;
using Coordination.Grains.Validation;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Coordination.Bench.Scenarios;

/// <summary>
/// Deadline warnings at scale: 100,000 open cases in 20 courts (20 judges each), each with 10 open deadlines
/// (the conclusion and investigation limits and the renewal limits of 8 freezes and seizures whose expiry dates
/// spread over the next 400 days): 1,000,000 open deadlines, under one reminder per case. A sample of cases is filed through the case grains and
/// the rest replayed with the same code (see <see cref="CaseFixture"/>); the judges' and courts' views are fed
/// through their grains. The node is restarted: <c>load_s</c> is the time until it is fully loaded (every
/// reminder armed, every court's bureau view answering), <c>memory_mb</c> its managed heap then. The manual
/// clock then moves to each next midnight, when tiers begin (the first is a warm-up); a warning's latency runs
/// from that moment to its arrival on the command-centre stream, and every expected warning must arrive, once.
/// value: warnings delivered per second within those bursts. Baseline: the same number of warnings published
/// straight to the three durable alert streams, without reminders, grains or case state.
/// </summary>
internal static class DeadlinesScenario
{
    private const int Courts = 20;
    private const int JudgesPerCourt = 20;
    /// <summary>100,000; <c>COORDINATION_BENCH_DEADLINE_CASES</c> (a multiple of 20) measures a smaller population, to see how it scales.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("COORDINATION_BENCH_DEADLINE_CASES"), out var cases) ? cases : 100_000;
    private const int MeasuresPerCase = 8;
    private const int ExpirySpreadDays = 400;
    private const int InFlight = 256;
    private const int SampleCases = 20;
    private const int WarmupMidnights = 1;
    private const string Clerk = "clerk";

    // Monday 2 March 2026, 10:00 in Shanghai, as the node's clock gives it (UTC).
    private static readonly DateTimeOffset SeedTime = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly SeedDay = new(2026, 3, 2);
    private static readonly TimeSpan TimeoutPerMidnight = TimeSpan.FromSeconds(60);

    public static async Task<BenchResult> RunAsync(bool quick)
    {
        var midnights = quick ? 2 : 7;
        var folder = Directory.CreateTempSubdirectory("coordination-bench-");
        try
        {
            var node = new DeadlineNode(new NodeStorageOptions { SqlitePath = Path.Combine(folder.FullName, "deadlines.db") }, new FakeTimeProvider(SeedTime));
            await using (node)
            {
                var (tierStarts, openDeadlines) = await SeedAsync(node);
                var reminders = CountReminders(node.Storage.SqlitePath);

                var (loadSeconds, memoryMb) = await RestartAsync(node);
                var bursts = await MeasureMidnightsAsync(node, tierStarts, midnights);
                var baseline = await PublishStraightAsync(node, bursts.Warnings);

                Measure.Report($"deadlines: {Cases:N0} cases, {openDeadlines:N0} open deadlines, {reminders:N0} reminders; loaded in {loadSeconds:N2} s, {memoryMb:N0} MB managed heap; " +
                    $"{bursts.Warnings:N0} warnings over {midnights} midnights at {bursts.Rate:N0}/s (p50 {bursts.P50:N1} ms, p99 {bursts.P99:N1} ms, max {bursts.Max:N1} ms); " +
                    $"straight to the streams {baseline:N0}/s; {node.ReminderTable.RangeReads} reminder table range reads of {node.ReminderTable.RowsRead / Math.Max(1, node.ReminderTable.RangeReads):N0} rows each");
                return new BenchResult("deadlines", "deadline warnings delivered per second at midnight", "warnings/s", bursts.Rate, baseline)
                    .With("load_s", loadSeconds)
                    .With("memory_mb", memoryMb)
                    .With("p50_ms", bursts.P50)
                    .With("p99_ms", bursts.P99)
                    .With("max_ms", bursts.Max)
                    .With("warnings", bursts.Warnings)
                    .With("cases", Cases)
                    .With("open_deadlines", openDeadlines)
                    .With("reminders", reminders)
                    .With("reminders_loaded", bursts.RemindersLoaded);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Builds the population: a sample through the case grains, checked against the fixture; the rest replayed by
    /// the fixture and bulk-inserted, with every judge's and court's view.
    /// Returns how many warning tiers begin at each moment after the seeding, and how many deadlines are open.
    /// </summary>
    private static async Task<(Dictionary<DateTimeOffset, int> TierStarts, int OpenDeadlines)> SeedAsync(DeadlineNode node)
    {
        var started = Stopwatch.GetTimestamp();
        var path = node.Storage.SqlitePath;
        await node.StartAsync();
        await Parallel.ForAsync(0, SampleCases, async (i, _) =>
        {
            var (filing, steps) = CaseOf(i);
            var grain = node.Grains.GetGrain<ICaseGrain>(filing.CaseNumber);
            await grain.File(filing, Clerk);
            foreach (var (step, actor) in steps)
            {
                await grain.RecordStep(step, actor);
            }
        });
        await node.RemindersSettledAsync();
        using var fixture = new CaseFixture(node.Services.GetRequiredService<CourtDirectory>());
        await node.StopAsync();
        CaseFixture.VerifyAgainst(path, Enumerable.Range(0, SampleCases).Select(i => Replay(fixture, i)));

        // Court by court, so that rows go in key order; the next court is replayed while one is inserted.
        var summaries = new CaseSummary[Cases];
        var next = Task.Run(() => ReplayCourt(fixture, 0));
        for (var court = 0; court < Courts; court++)
        {
            var replayed = await next;
            var following = court + 1;
            next = following < Courts ? Task.Run(() => ReplayCourt(fixture, following)) : Task.FromResult<ReplayedCase[]>([]);
            CaseFixture.Insert(path, replayed, SeedTime);
            foreach (var one in replayed)
            {
                summaries[CaseIndex(one.CaseNumber)] = one.Summary;
            }
        }

        for (var i = 0; i < SampleCases; i++)
        {
            summaries[i] = Replay(fixture, i).Summary;
        }

        fixture.InsertViews(path, summaries, SeedTime);
        Measure.Report($"deadlines: seeded {Cases:N0} cases ({SampleCases} through the grains, the rest replayed) in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");

        var tierStarts = summaries.SelectMany(s => s.Deadlines)
            .SelectMany(d => new[] { d.UpcomingAt, d.DueAt, d.OverdueAt })
            .Where(start => start > SeedTime)
            .CountBy(start => start)
            .ToDictionary();
        return (tierStarts, summaries.Sum(s => s.Deadlines.Count));
    }

    private static ReplayedCase[] ReplayCourt(CaseFixture fixture, int court)
    {
        var cases = Enumerable.Range(0, Cases / Courts).Select(k => court + (k * Courts)).Where(i => i >= SampleCases).ToArray();
        var replayed = new ReplayedCase[cases.Length];
        Parallel.For(0, cases.Length, j => replayed[j] = Replay(fixture, cases[j]));
        return replayed;
    }

    private static int CaseIndex(string caseNumber) => int.Parse(caseNumber.AsSpan(caseNumber.Length - 6), CultureInfo.InvariantCulture);

    private static ReplayedCase Replay(CaseFixture fixture, int i)
    {
        var (filing, steps) = CaseOf(i);
        return fixture.Replay(filing, Clerk, steps, SeedTime);
    }

    /// <summary>
    /// Case <paramref name="i"/>: filed, assigned, notice sent, applicant asked for property information (meeting
    /// those two limits), then 8 freezes and seizures whose expiry dates spread evenly over the days ahead, so every
    /// midnight starts about as many warning tiers as the next. Open afterwards: conclusion, investigation and 8 renewals.
    /// </summary>
    private static (CaseFiling Filing, List<(CaseStep Step, string Actor)> Steps) CaseOf(int i)
    {
        var court = CourtId(1 + (i % Courts));
        var judge = $"judge-{court}-{1 + (i / Courts % JudgesPerCourt):00}";
        var caseNumber = $"{court}-2026-{i:000000}";
        var filing = new CaseFiling(caseNumber, court, i % 3 == 0 ? CaseKind.NonLitigation : CaseKind.Litigation,
            [Person("上海某某贸易有限公司", i, 1)], [Person("王某", i, 2)], 10_000m + (i % 997 * 1_000m), $"(2025)沪01民初{i}号");
        var steps = new List<(CaseStep, string)>
        {
            (new CaseStep(CaseStepKind.JudgeAssigned, JudgeId: judge), "chief"),
            (new CaseStep(CaseStepKind.NoticeSent), judge),
            (new CaseStep(CaseStepKind.PropertyReportRequested), judge),
        };
        for (var m = 0; m < MeasuresPerCase; m++)
        {
            var expiresOn = SeedDay.AddDays(2 + (int)((((long)i * MeasuresPerCase) + m) * 7_919 % ExpirySpreadDays));
            steps.Add((m % 2 == 0
                ? new CaseStep(CaseStepKind.Frozen, Target: $"工商银行账户 6222{i:0000000}{m}", Amount: 5_000m, ExpiresOn: expiresOn)
                : new CaseStep(CaseStepKind.Seized, Target: $"车辆 沪A{i % 100_000:00000}", Seizure: SeizureKind.Movables, ExpiresOn: expiresOn), judge));
        }

        return (filing, steps);
    }

    private static Party Person(string name, int i, int role)
    {
        var first17 = $"310101{1960 + (i % 40)}0101{(i * 2 + role) % 1000:000}";
        return new Party(name, first17 + PartyRules.ResidentIdCheckCharacter(first17), $"139{i:00000000}", new Address("上海市黄浦区南京东路100号", 31.2397, 121.4905));
    }

    private static string CourtId(int n) => $"C{n:00}";

    private static long CountReminders(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM orleans_reminders";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Starts the node again on the seeded database and waits until it is fully loaded: the reminder service has read its
    /// range of the table (and armed what is due within its loading window), and every court's view answers.
    /// </summary>
    private static async Task<(double Seconds, double MemoryMb)> RestartAsync(DeadlineNode node)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var started = Stopwatch.GetTimestamp();
        var reads = node.ReminderTable.RangeReads;
        await node.StartAsync();
        var today = SeedDay;
        await Task.WhenAll(Enumerable.Range(1, Courts).Select(c => node.Grains.GetGrain<ICourtGrain>(CourtId(c)).GetStatistics(today)));
        await node.WaitForArmedAsync(reads, TimeoutPerMidnight);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (seconds, GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0);
    }

    private sealed record Bursts(int Warnings, double Rate, double P50, double P99, double Max, double RemindersLoaded);

    /// <summary>Moves the clock to each midnight and times every warning from then to the command-centre stream.</summary>
    private static async Task<Bursts> MeasureMidnightsAsync(DeadlineNode node, Dictionary<DateTimeOffset, int> tierStarts, int midnights)
    {
        var arrivals = new List<long>(capacity: 100_000);
        var commandCentre = node.Services.GetRequiredService<AlertLog>().Live(AlertStreams.CommandCentre);
        var loaded = 0L;
        var subscription = await commandCentre.SubscribeAsync((alert, _) =>
        {
            if (alert.Alert.Kind == AlertKind.Deadline)
            {
                var now = Stopwatch.GetTimestamp();
                lock (arrivals)
                {
                    arrivals.Add(now);
                }
            }

            return Task.CompletedTask;
        });

        var latencies = new List<double>();
        var burstSeconds = 0.0;
        try
        {
            for (var day = 1; day <= WarmupMidnights + midnights; day++)
            {
                var midnight = new DateTimeOffset(SeedDay.AddDays(day).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
                var expected = tierStarts.GetValueOrDefault(midnight);
                lock (arrivals)
                {
                    arrivals.Clear();
                }

                // The fake clock fires every housekeeping timer on the way, so the day passes first, untimed. On the way the
                // reminder service's refresh reads the table and arms the reminders due within its loading window.
                var reads = node.ReminderTable.RangeReads;
                node.Time.Advance(midnight - TimeSpan.FromSeconds(1) - node.Time.GetUtcNow());
                await node.WaitForArmedAsync(reads, TimeoutPerMidnight);
                await node.RemindersSettledAsync();
                loaded = Math.Max(loaded, node.LocalReminders);
                var reached = Stopwatch.GetTimestamp();
                node.Time.Advance(midnight - node.Time.GetUtcNow());
                await using var clock = await node.RunClockAsync(); // from midnight on, time goes on
                var received = await WaitForAsync(arrivals, expected);
                if (received != expected)
                {
                    var (_, logged) = await node.Services.GetRequiredService<AlertLog>().RangeAsync(AlertStreams.CommandCentre, CancellationToken.None);
                    Measure.Report($"deadlines: the command centre's alert log holds {logged:N0} alerts; the grains' clock reads {node.Services.GetRequiredService<TimeProvider>().GetUtcNow():O}");
                    throw new InvalidOperationException($"Midnight {midnight:yyyy-MM-dd}: {received} warnings arrived, {expected} expected " +
                        $"({node.Deliveries.Completed:N0} reminder ticks delivered, {node.LocalReminders:N0} reminders armed, {node.ReminderTable.LastWithinWindow:N0} due within the window at the last of {node.ReminderTable.RangeReads} table reads).");
                }

                await node.RemindersSettledAsync();
                await Task.Delay(200); // anything sent twice would arrive now
                lock (arrivals)
                {
                    if (arrivals.Count != expected)
                    {
                        throw new InvalidOperationException($"Midnight {midnight:yyyy-MM-dd}: {arrivals.Count} warnings arrived, {expected} expected.");
                    }

                    if (day > WarmupMidnights)
                    {
                        latencies.AddRange(arrivals.Select(a => Stopwatch.GetElapsedTime(reached, a).TotalMilliseconds));
                        burstSeconds += Stopwatch.GetElapsedTime(reached, arrivals.Max()).TotalSeconds;
                    }

                    Measure.Report($"deadlines: midnight {midnight:yyyy-MM-dd}{(day > WarmupMidnights ? "" : " (warm-up)")}: {expected:N0} warnings, " +
                        $"last after {Stopwatch.GetElapsedTime(reached, arrivals.Max()).TotalMilliseconds:N0} ms");
                }
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }

        latencies.Sort();
        return new Bursts(latencies.Count, latencies.Count / burstSeconds, Measure.Percentile(latencies, 50), Measure.Percentile(latencies, 99), latencies[^1], loaded);
    }

    private static async Task<int> WaitForAsync(List<long> arrivals, int expected)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(TimeoutPerMidnight.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            int count;
            lock (arrivals)
            {
                count = arrivals.Count;
            }

            if (count >= expected || Stopwatch.GetTimestamp() > deadline)
            {
                return count;
            }

            await Task.Delay(1);
        }
    }

    /// <summary>The reference: as many warnings, each published once to its judge, court and command-centre stream, as fast as they go.</summary>
    private static async Task<double> PublishStraightAsync(DeadlineNode node, int warnings)
    {
        var alerts = node.Services.GetRequiredService<AlertLog>();
        var at = node.Time.GetUtcNow();
        await using var clock = await node.RunClockAsync();
        return await Measure.RateAsync(warnings, () => Parallel.ForAsync(0, warnings, new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            var court = CourtId(1 + (i % Courts));
            var alert = new Alert(AlertKind.Deadline, court, $"{court}-2026-{i:000000}", $"judge-{court}-01", "续行冻结: due by", at, "renew:m1", SeedDay, AlertTier.Upcoming);
            await alerts.PublishOnceAsync(alert, $"baseline/{i}");
        }));
    }
}
