using Coordination.Actors.Hosting;
using Coordination.Actors.Reminders;
using Coordination.Actors.Runtime;
using Coordination.Actors.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Actors.Testing;

/// <summary>
/// An in-process node for tests, like Orleans' TestingHost: a temporary SQLite database (or the given
/// storage) and a <see cref="ManualTimeProvider"/>.
/// <code>await using var node = await TestNode.StartAsync();</code>
/// Move time to the moment you want to observe and wait for its effects before moving on: the clock
/// does not wait for grains, so jumping far past a due time can expire (by call timeout) the calls it started.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly Action<ActorsOptions>? _configureActors;
    private readonly StorageOptions _storage;
    private readonly string? _temporaryFolder;
    private IHost? _host;

    private TestNode(Action<IServiceCollection>? configureServices, Action<ActorsOptions>? configureActors, StorageOptions? storage, ManualTimeProvider time)
    {
        _configureServices = configureServices;
        _configureActors = configureActors;
        Time = time;
        if (storage is null)
        {
            _temporaryFolder = Directory.CreateTempSubdirectory("coordination-test-").FullName;
            storage = new StorageOptions { SqlitePath = Path.Combine(_temporaryFolder, "node.db") };
        }

        _storage = storage;
    }

    /// <summary>The node's clock.</summary>
    public ManualTimeProvider Time { get; }

    /// <summary>Where this node keeps its data.</summary>
    public StorageOptions Storage => _storage;

    /// <summary>The running node's services.</summary>
    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The node is stopped.")).Services;

    /// <summary>Reaches grains and streams.</summary>
    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    internal GrainRuntime Runtime => Services.GetRequiredService<GrainRuntime>();

    /// <summary>
    /// Waits until no reminder tick is being delivered or stored. Call it after observing a tick's effect and
    /// before moving the clock again, so the jump cannot time out a tick that is still finishing.
    /// </summary>
    public Task RemindersSettledAsync() =>
        Wait.UntilAsync(() => Services.GetRequiredService<ReminderService>().DeliveriesInProgress == 0, "reminder deliveries to finish");

    /// <summary>Starts a node. Every argument is optional.</summary>
    public static async Task<TestNode> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        Action<ActorsOptions>? configureActors = null,
        StorageOptions? storage = null,
        ManualTimeProvider? time = null)
    {
        var node = new TestNode(configureServices, configureActors, storage, time ?? new ManualTimeProvider());
        await node.StartHostAsync();
        return node;
    }

    private async Task StartHostAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Test" });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddActors(_configureActors, storage =>
        {
            storage.SqlitePath = _storage.SqlitePath;
            storage.PostgresConnectionString = _storage.PostgresConnectionString;
            storage.MaxBatchSize = _storage.MaxBatchSize;
        });
        _configureServices?.Invoke(builder.Services);
        _host = builder.Build();
        await _host.StartAsync();
    }

    /// <summary>Stops the node gracefully and starts it again on the same database and clock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    /// <summary>Stops the node gracefully.</summary>
    public async Task StopAsync()
    {
        if (_host is null)
        {
            return;
        }

        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_temporaryFolder is not null)
        {
            Directory.Delete(_temporaryFolder, recursive: true);
        }
    }
}
