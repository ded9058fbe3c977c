using Coordination.Grains.Alerts;
using Coordination.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Hosting;
using Orleans.Reminders;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Coordination.Testing;

/// <summary>
/// One Orleans silo in this process (an <see cref="InProcessTestCluster"/>) with the node's storage, reminders,
/// streams and logs on a temporary SQLite file (or the storage given), and a fake clock for grain timers and
/// reminders; membership and messaging stay on real time. <see cref="RestartAsync"/> starts a new silo on the same data.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    /// <summary>Monday 2026-01-05 00:00 UTC, where every test clock starts.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    private readonly Action<IServiceCollection>? _configureServices;
    private readonly string? _temporaryFolder;
    private InProcessTestCluster? _cluster;

    private TestNode(Action<IServiceCollection>? configureServices, NodeStorageOptions? storage, FakeTimeProvider time)
    {
        _configureServices = configureServices;
        Time = time;
        if (storage is null)
        {
            _temporaryFolder = Directory.CreateTempSubdirectory("coordination-test-").FullName;
            storage = new NodeStorageOptions { SqlitePath = Path.Combine(_temporaryFolder, "node.db") };
        }

        Storage = storage;
    }

    /// <summary>The node's clock: grain timers and reminders run on it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Where the node keeps its data.</summary>
    public NodeStorageOptions Storage { get; }

    /// <summary>Counts reminder ticks delivered to grains (see <see cref="ReminderDeliveries"/>).</summary>
    public ReminderDeliveries Reminders { get; } = new();

    private InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The node is stopped.");

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Cluster.GetSiloServiceProvider();

    /// <summary>A client of the cluster, as the gateway and the device bridge are.</summary>
    public IClusterClient Client => Cluster.Client;

    public static async Task<TestNode> StartAsync(Action<IServiceCollection>? configureServices = null, NodeStorageOptions? storage = null, FakeTimeProvider? time = null)
    {
        var node = new TestNode(configureServices, storage, time ?? new FakeTimeProvider(Start));
        await node.StartClusterAsync();
        return node;
    }

    private async Task StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddNodeServices(Storage, new NodeSiloOptions());
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSingleton(Reminders);
            silo.AddIncomingGrainCallFilter<ReminderDeliveries.Filter>();
            silo.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            _configureServices?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StreamNames.Provider));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    /// <summary>Stops the silo gracefully and starts a new one on the same data and clock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartClusterAsync();
    }

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
/// Reminder ticks the silo delivered to grains, counted by a grain call filter. Orleans reminders fire on the fake
/// clock from the reminder service's own loop, so a test waits for the count it expects (<see cref="Wait"/>), never for a time.
/// </summary>
public sealed class ReminderDeliveries
{
    private long _completed;
    private long _running;

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
