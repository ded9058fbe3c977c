using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Coordination.Silo.Runtime;

/// <summary>Logs, once the node has started, which silo it is and in which cluster: the line to look for when several nodes run.</summary>
internal sealed class NodeAnnouncement(
    IHostApplicationLifetime lifetime, ILocalSiloDetails silo, IOptions<NodeClusterOptions> cluster, IOptions<NodeSiloOptions> options, ILogger<NodeAnnouncement> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Coordination node started: silo {SiloAddress}, cluster {ClusterId} ({Mode} membership)",
            silo.SiloAddress.ToParsableString(), options.Value.ClusterId, cluster.Value.Mode == ClusterMode.Redis ? "Redis" : "single-node"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
