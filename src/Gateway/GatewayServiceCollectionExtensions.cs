using Coordination.Gateway.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway;

/// <summary>Adds the gateway's services and endpoints to a web application.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds problem details for errors and the gateway's JSON metadata.</summary>
    public static IServiceCollection AddGateway(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default));
        services.AddSingleton(sp => new NodeStartTime(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        return services;
    }

    /// <summary>Maps every gateway endpoint.</summary>
    public static IEndpointRouteBuilder MapGateway(this IEndpointRouteBuilder app) => app.MapHealthApi();

    /// <summary>Turns unhandled exceptions into problem details instead of bare 500 pages.</summary>
    public static WebApplication UseGateway(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<NodeStartTime>(); // resolved now, so it records start-up, not the first request
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
