using Coordination.Actors.Hosting;
using Coordination.Actors.Storage;
using Coordination.Bench.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Bench;

/// <summary>A node for a scenario: the real runtime on the system clock, quiet logs, and whatever else the scenario adds.</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchNode(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    public static string PostgresConnectionString =>
        Environment.GetEnvironmentVariable("COORDINATION_BENCH_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=coordination;Password=coordination;Database=coordination;Maximum Pool Size=100";

    public static async Task<BenchNode> StartAsync(StorageOptions storage, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddActors(o => o.AddJsonContext(BenchJsonContext.Default), s =>
        {
            s.SqlitePath = storage.SqlitePath;
            s.PostgresConnectionString = storage.PostgresConnectionString;
        });
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
