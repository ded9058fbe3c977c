using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>An Orleans client of the bench's cluster (Redis membership, the nodes' gateways), to ask where grains are active.</summary>
internal sealed class BenchOrleansClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchOrleansClient(IHost host) => _host = host;

    private IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchOrleansClient> ConnectAsync(string redisConfiguration)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(redisConfiguration))
                .Configure<ClusterOptions>(ids =>
                {
                    ids.ClusterId = "coordination";
                    ids.ServiceId = "coordination";
                }))
            .Build();
        await host.StartAsync();
        return new BenchOrleansClient(host);
    }

    /// <summary>The keys of the <paramref name="grainType"/> grains active on the silo listening on <paramref name="siloPort"/> (asked again after a failed try, up to five times).</summary>
    public async Task<List<string>> ActiveOnAsync(string grainType, int siloPort)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var statistics = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
                return [.. statistics.Where(s => s.SiloAddress.Endpoint.Port == siloPort && s.GrainId.Type.ToString() == grainType).Select(s => s.GrainId.Key.ToString()!)];
            }
            catch (Exception) when (attempt < 5)
            {
                // a gateway of a node killed before: the client moves to another one
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
