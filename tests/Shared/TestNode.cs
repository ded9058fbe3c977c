using System.Collections.Concurrent;
using Coordination.Grains.Alerts;
using Coordination.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Coordination.Testing;

/// <summary>
/// One Orleans silo in this process (an <see cref="InProcessTestCluster"/>) with the node's storage, reminders,
/// streams and logs on a temporary SQLite file (or the storage given), and a fake clock that the grains read and the
/// reminders fire on; Orleans' own clocks (messaging, membership, streams, grain timers) stay on real time. <see cref="RestartAsync"/> starts a new silo on the same data.
/// With PostgreSQL storage it can be several silos, which find a killed one dead as the node's cluster does (probes every second, two missed).
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    /// <summary>Monday 2026-01-05 00:00 UTC, where every test clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Orleans' clocks that stay on real time: all but the reminders'.</summary>
    private static readonly string[] RealTimeAreas =
    [
        TimeProviderNames.Grains,
        TimeProviderNames.Messaging,
        TimeProviderNames.SystemTimers,
        TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement,
        TimeProviderNames.GrainDirectory,
        StreamingTimeProviderNames.Streaming,
    ];

    private readonly Action<IServiceCollection>? _configureServices;
    private readonly int _silos;
    private readonly string? _temporaryFolder;
    private readonly ReminderClock _reminderClock;
    private InProcessTestCluster? _cluster;

    private TestNode(Action<IServiceCollection>? configureServices, NodeStorageOptions? storage, FakeTimeProvider time, int silos)
    {
        if (silos > 1 && storage is not { UsesPostgres: true })
        {
            throw new ArgumentException("Several silos share one database: give them PostgreSQL (one SQLite file has a single writer per silo).", nameof(storage));
        }

        _configureServices = configureServices;
        _silos = silos;
        Time = time;
        _reminderClock = new ReminderClock(time);
        if (storage is null)
        {
            _temporaryFolder = Directory.CreateTempSubdirectory("coordination-test-").FullName;
            storage = new NodeStorageOptions { SqlitePath = Path.Combine(_temporaryFolder, "node.db") };
        }

        Storage = storage;
    }

    /// <summary>The node's clock: the grains read it and reminders fire on it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Where the node keeps its data.</summary>
    public NodeStorageOptions Storage { get; }

    /// <summary>Counts reminder ticks delivered to grains (see <see cref="ReminderDeliveries"/>).</summary>
    public ReminderDeliveries Reminders { get; } = new();

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The node is stopped.");

    /// <summary>The first silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider();

    /// <summary>The running silos, the first one first.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => Cluster.Silos;

    /// <summary>A client of the cluster, as the gateway and the device bridge are.</summary>
    public IClusterClient Client => Cluster.Client;

    public static async Task<TestNode> StartAsync(Action<IServiceCollection>? configureServices = null, NodeStorageOptions? storage = null, FakeTimeProvider? time = null, int silos = 1)
    {
        var node = new TestNode(configureServices, storage, time ?? new FakeTimeProvider(Start), silos);
        await node.StartClusterAsync();
        return node;
    }

    private async Task StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(checked((short)_silos));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Configure<ClusterMembershipOptions>(membership => (membership.ProbeTimeout, membership.NumMissedProbesLimit) = (TimeSpan.FromSeconds(1), 2));
            silo.AddNodeServices(Storage, new NodeSiloOptions { ReminderLoadingWindow = TimeSpan.FromDays(3650) }); // see UseFakeClock
            UseFakeClock(silo.Services, Time, _reminderClock);
            silo.Services.AddSingleton(Reminders);
            silo.AddIncomingGrainCallFilter<ReminderDeliveries.Filter>();
            silo.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            _configureServices?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>
    /// Puts a silo's clocks on <paramref name="time"/>: what the grains read (<see cref="TimeProvider"/>) and the
    /// reminders; Orleans' own clocks (messaging, membership, streams, grain timers) stay on real time. The memory
    /// streams' pulling agents run on grain timers, so on the fake clock live items would move only when it does.
    /// The reminders' clock leads the fake one by the 1 ms Orleans waits before a tick due at once (see
    /// <see cref="ReminderClock"/>). Call it with <see cref="ReminderOptions.ReminderLoadingWindow"/> raised, so that every
    /// reminder stays armed and a jump over its instant fires it inside <c>Advance</c>: Orleans loads reminders due
    /// beyond the window on its table refresh, and one loaded after the jump would wait for the clock to move again.
    /// </summary>
    public static void UseFakeClock(IServiceCollection services, FakeTimeProvider time) => UseFakeClock(services, time, new ReminderClock(time));

    private static void UseFakeClock(IServiceCollection services, FakeTimeProvider time, ReminderClock reminders)
    {
        services.AddSingleton<TimeProvider>(time);
        services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, reminders);
        // UseTimeProviderForBackgroundAreas registers a catch-all key, which an area registered by its exact key overrides.
        services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        foreach (var area in RealTimeAreas)
        {
            services.AddKeyedSingleton<TimeProvider>(area, TimeProvider.System);
        }
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same data and clock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartClusterAsync();
    }

    /// <summary>Kills the silo as a crash would (no graceful stop, nothing flushed but what was committed); <see cref="StartAgainAsync"/> brings it back.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _cluster, null) is { } cluster)
        {
            foreach (var silo in cluster.Silos.ToList())
            {
                await cluster.KillSiloAsync(silo);
            }

            await cluster.DisposeAsync();
        }
    }

    /// <summary>Kills one silo as a crash would; the others go on.</summary>
    public Task KillSiloAsync(InProcessSiloHandle silo) => Cluster.KillSiloAsync(silo);

    /// <summary>Starts a new silo on the same data and clock after <see cref="StopAsync"/> or <see cref="KillAsync"/>.</summary>
    public Task StartAgainAsync() => _cluster is null ? StartClusterAsync() : throw new InvalidOperationException("The node is running.");

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _cluster, null) is { } cluster)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_temporaryFolder is not null)
        {
            Directory.Delete(_temporaryFolder, recursive: true);
        }
    }
}

/// <summary>
/// The reminders' clock: the fake clock, plus the few milliseconds the reminder service waits on its own. Orleans waits
/// 1 ms (<c>MinimumReminderDueTime</c>) before a tick that is due at once, which on the bare fake clock would come only
/// when a test moves it; here such a wait passes in real time and moves this clock (not the grains') on by as much.
/// Reminders are registered on this clock (due time from the grain's clock, plus the lead so far), so they still come due
/// when the fake clock reaches their instant; the lead only ever grows, by a millisecond per tick due at once.
/// </summary>
internal sealed class ReminderClock(FakeTimeProvider time) : TimeProvider
{
    private static readonly TimeSpan OwnWait = TimeSpan.FromMilliseconds(1);
    private long _leadTicks;

    private TimeSpan Lead => TimeSpan.FromTicks(Interlocked.Read(ref _leadTicks));

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow() + Lead;

    public override long TimestampFrequency => time.TimestampFrequency;

    public override long GetTimestamp() => time.GetTimestamp() + (long)(Lead.TotalSeconds * time.TimestampFrequency);

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime <= TimeSpan.Zero || dueTime > OwnWait || period != Timeout.InfiniteTimeSpan)
        {
            return time.CreateTimer(callback, state, dueTime, period);
        }

        return System.CreateTimer(_ =>
        {
            Interlocked.Add(ref _leadTicks, dueTime.Ticks);
            callback(state);
        }, null, dueTime, Timeout.InfiniteTimeSpan);
    }
}

/// <summary>
/// Reminder ticks the silo delivered to grains, counted by a grain call filter. Orleans reminders fire on the fake
/// clock from the reminder service's own loop, so a test waits for the count it expects (<see cref="Wait"/>), never for a time.
/// </summary>
public sealed class ReminderDeliveries
{
    private readonly ConcurrentQueue<(GrainId Grain, SiloAddress? From)> _ticks = new();
    private long _completed;
    private long _running;

    /// <summary>Every tick delivered so far: the grain, and the silo whose reminder service sent it.</summary>
    public IReadOnlyCollection<(GrainId Grain, SiloAddress? From)> Ticks => _ticks;

    /// <summary>Ticks whose <c>ReceiveReminder</c> has returned (or thrown).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Ticks being handled now.</summary>
    public long Running => Interlocked.Read(ref _running);

    internal sealed class Filter(ReminderDeliveries deliveries) : IIncomingGrainCallFilter
    {
        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name != nameof(IRemindable.ReceiveReminder))
            {
                await context.Invoke();
                return;
            }

            deliveries._ticks.Enqueue((context.TargetId, context.SourceId is { } source && SystemTargetGrainId.TryParse(source, out var sender) ? sender.GetSiloAddress() : null));
            Interlocked.Increment(ref deliveries._running);
            try
            {
                await context.Invoke();
            }
            finally
            {
                Interlocked.Increment(ref deliveries._completed);
                Interlocked.Decrement(ref deliveries._running);
            }
        }
    }
}
