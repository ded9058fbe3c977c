using Coordination.Grains.Courts;
using Coordination.Grains.Hosting;
using Coordination.Silo.Runtime;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Bench;

/// <summary>
/// A node for a scenario: the node's Orleans silo (<see cref="NodeRuntime.ConfigureNodeSilo"/>: localhost clustering on
/// a free loopback port, the node's storage, reminders, streams and logs) on the system clock, the product's grains
/// with the deployment the scenario gives, quiet logs, and whatever else the scenario adds.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchNode(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("COORDINATION_BENCH_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination;Maximum Pool Size=100";

    /// <summary>
    /// Starts a node on <paramref name="storage"/>; <paramref name="deployment"/> gives its courts (default: one); <paramref name="time"/>
    /// is the grains' clock (default: the system's); <paramref name="configureSilo"/> adds to the silo after the node's composition.
    /// </summary>
    public static async Task<BenchNode> StartAsync(
        NodeStorageOptions storage, Action<DeploymentOptions>? deployment = null, Action<IServiceCollection>? configureServices = null, NodeSiloOptions? silo = null,
        TimeProvider? time = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        NodeLogging.FilterOrleansNoise(builder.Logging);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        var siloOptions = silo ?? new NodeSiloOptions();
        siloOptions.SiloPort = FreePort.Next();
        siloOptions.GatewayPort = 0;
        builder.UseOrleans(orleans =>
        {
            orleans.ConfigureNodeSilo(storage, siloOptions);
            configureSilo?.Invoke(orleans);
        });
        builder.Services.AddCoordinationGrains(deployment ?? (o => o.Courts.Add(new CourtOptions { Id = "C01", Name = "第1人民法院" })));
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new BenchNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
