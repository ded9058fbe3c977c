using Coordination.Actors.Runtime;
using Coordination.Actors.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

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
        IStorageHealth storage, GrainRuntime runtime, NodeStartTime started, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = await storage.CheckAsync(cancellationToken);
        var report = new HealthReport(
            error is null ? "ok" : "degraded",
            new StorageReport(storage.Provider, storage.Location, error is null ? "ok" : "unavailable", error),
            started.Value,
            (long)(time.GetUtcNow() - started.Value).TotalSeconds,
            runtime.ActivationCount);
        return error is null ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
