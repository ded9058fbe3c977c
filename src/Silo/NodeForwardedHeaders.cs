using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Coordination.Silo;

/// <summary>
/// Behind nginx every request comes from nginx's address: the client's, for the per-address limits (sign-in tries,
/// party look-ups) and the logs, is taken from <c>X-Forwarded-For</c>, and the scheme from <c>X-Forwarded-Proto</c>, but
/// only when the connection comes from a known proxy: loopback (ASP.NET Core's default) and the addresses in
/// <c>Proxy:KnownProxies</c> (nginx on another machine).
/// </summary>
internal static class NodeForwardedHeaders
{
    /// <summary>The setting naming the proxies, besides loopback, whose forwarded headers are believed.</summary>
    public const string KnownProxiesKey = "Proxy:KnownProxies";

    public static WebApplicationBuilder AddNodeForwardedHeaders(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new OptionsValidationException(KnownProxiesKey, typeof(ForwardedHeadersOptions), [$"{KnownProxiesKey} must list IP addresses (was '{proxy}')."]));
            }
        });
        return builder;
    }
}
