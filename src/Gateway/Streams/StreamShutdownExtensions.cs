using Coordination.Gateway.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway;

/// <summary>Registers and applies <see cref="StreamShutdown"/>.</summary>
internal static class StreamShutdownExtensions
{
    /// <summary>Adds the service that ends event streams when the node stops.</summary>
    public static IServiceCollection AddStreamShutdown(this IServiceCollection services) => services.AddSingleton<StreamAccess>().AddSingleton<StreamShutdown>();

    /// <summary>Ends every <c>/streams</c> response as soon as the node starts stopping or its caller's access ends.</summary>
    public static WebApplication UseStreamShutdown(this WebApplication app)
    {
        var shutdown = app.Services.GetRequiredService<StreamShutdown>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(StreamShutdown.PathPrefix), branch => branch.Use(shutdown.ServeAsync));
        return app;
    }
}
