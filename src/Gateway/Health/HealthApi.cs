
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Gateway.Health;

/// <summary><c>GET /health</c>: whether the node and its storage work, for load balancers and operators.</summary>
public static class HealthApi
{
    /// <summary>Maps the health endpoint. It needs no authentication.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .AllowAnonymous()
            .DisableRateLimiting() // a load balancer's probe must never be throttled
            .WithName("GetHealth")
            .WithSummary("Node status: storage reachability, uptime and live activations. 503 when storage does not answer.");
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetHealth(
        IStorageHealth storage, IGrainFactory grains, ILocalSiloDetails node, NodeStartTime started, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = await storage.CheckAsync(cancellationToken);
        var silo = await SiloReportAsync(grains, node.SiloAddress.ToParsableString());
        var healthy = error is null && silo.Error is null;
        var report = new HealthReport(
            healthy ? "ok" : "degraded",
            new StorageReport(storage.Provider, storage.Location, error is null ? "ok" : "unavailable", error),
            silo,
            started.Value,
            (long)(time.GetUtcNow() - started.Value).TotalSeconds,
            silo.Activations);
        return healthy ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The cluster as Orleans' management grain sees it: the silos and their status, and the activations.</summary>
    private static async Task<SiloReport> SiloReportAsync(IGrainFactory grains, string node)
    {
        try
        {
            var management = grains.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: false);
            var activations = await management.GetTotalActivationCount();
            var active = hosts.Count(h => h.Value == SiloStatus.Active);
            return new SiloReport(active > 0 ? "active" : "not active", node, active, [.. hosts.Select(h => new SiloMember(h.Key.ToParsableString(), h.Value.ToString()))], activations, null);
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            return new SiloReport("unavailable", node, 0, [], 0, exception.Message);
        }
    }
}
