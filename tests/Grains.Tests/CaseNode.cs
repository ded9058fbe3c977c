using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Hosting;
using Coordination.Grains.Validation;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Streams;

namespace Coordination.Grains.Tests;

/// <summary>A test node with two courts (SH01, SH02) on the statutory default rules, and helpers to file cases.</summary>
public sealed class CaseNode : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public IClusterClient Client => Node.Client;

    public FakeTimeProvider Time => Node.Time;

    public Action<CourtOptions>? ConfigureFirstCourt { get; init; }

    public Action<DeploymentOptions>? ConfigureDeployment { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Where the node keeps its data; null for a temporary SQLite database.</summary>
    public NodeStorageOptions? Storage { get; init; }

    /// <summary>How many silos the node runs (more than one needs PostgreSQL <see cref="Storage"/>).</summary>
    public int Silos { get; init; } = 1;

    /// <summary>Where the file channel writes the parties' messages.</summary>
    public string SmsFile { get; } = Path.Combine(Path.GetTempPath(), $"coordination-sms-{Guid.NewGuid():N}.jsonl");

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(services =>
    {
        services.AddCoordinationGrains(o =>
        {
            o.Notifications.FilePath = SmsFile;
            var first = new CourtOptions { Id = "SH01", Name = "上海市黄浦区人民法院" };
            ConfigureFirstCourt?.Invoke(first);
            o.Courts.Add(first);
            o.Courts.Add(new CourtOptions { Id = "SH02", Name = "上海市徐汇区人民法院" });
            ConfigureDeployment?.Invoke(o);
        });
        ConfigureServices?.Invoke(services);
    }, storage: Storage, silos: Silos);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        File.Delete(SmsFile);
    }

    public ICaseGrain Case(string caseNumber) => Client.GetGrain<ICaseGrain>(caseNumber);

    public static string NewCaseNumber(string court = "SH01") => $"{court}-2026-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>A valid resident ID number (correct check character) derived from <paramref name="seed"/>.</summary>
    public static string IdNumber(int seed)
    {
        var first17 = $"31010119800101{seed % 1000:000}";
        return first17 + PartyRules.ResidentIdCheckCharacter(first17);
    }

    public static Party Person(string name, int seed) => new(name, IdNumber(seed), $"1380000{seed % 10000:0000}", new Address("上海市黄浦区南京东路1号", 31.2397, 121.4905));

    public static CaseFiling Filing(string caseNumber, string court = "SH01", CaseKind kind = CaseKind.Litigation) =>
        new(caseNumber, court, kind, [Person("张三", 1)], [Person("李四", 2)], 125_000m, "(2025)沪0101民初123号");

    public async Task<ICaseGrain> FileAndAssignAsync(string caseNumber, string judge = "judge-wang", string court = "SH01")
    {
        var grain = Case(caseNumber);
        await grain.File(Filing(caseNumber, court), "clerk-li");
        await grain.RecordStep(new CaseStep(CaseStepKind.JudgeAssigned, JudgeId: judge), "chief-zhao");
        return grain;
    }

    /// <summary>Asks the (single) applicant for their opinion before closing and records that they agree.</summary>
    public static async Task HearApplicantAsync(ICaseGrain grain, string judge = "judge-wang")
    {
        await grain.RecordStep(new CaseStep(CaseStepKind.OpinionRequested, Note: "执行完毕，拟结案"), judge);
        await grain.RecordStep(new CaseStep(CaseStepKind.OpinionGiven, Target: "a0", Agrees: true), judge);
    }

    /// <summary>Collects an alert stream from its beginning: what its log holds, then what is published live.</summary>
    public async Task<AlertCollector> CollectAsync(AlertStream stream)
    {
        var alerts = Node.Services.GetRequiredService<AlertLog>();
        var collector = new AlertCollector();
        collector.Handle = await alerts.Live(stream).SubscribeAsync((item, _) => collector.OnNext(item));
        foreach (var item in await alerts.ReadAsync(stream, 0, int.MaxValue, CancellationToken.None))
        {
            await collector.OnNext(item);
        }

        return collector;
    }
}

/// <summary>Alerts seen by one subscription, each once (by its sequence), in sequence order.</summary>
public sealed class AlertCollector
{
    private readonly SortedDictionary<long, Alert> _alerts = [];

    public StreamSubscriptionHandle<AlertEvent> Handle { get; set; } = null!;

    public IReadOnlyList<Alert> Alerts
    {
        get
        {
            lock (_alerts)
            {
                return [.. _alerts.Values];
            }
        }
    }

    public IReadOnlyList<Alert> For(string caseNumber) => [.. Alerts.Where(a => a.CaseNumber == caseNumber)];

    public Task OnNext(AlertEvent item)
    {
        lock (_alerts)
        {
            _alerts.TryAdd(item.Sequence, item.Alert);
        }

        return Task.CompletedTask;
    }
}
