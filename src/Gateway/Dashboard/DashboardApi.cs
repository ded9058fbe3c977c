using Coordination.Gateway.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace Coordination.Gateway.Dashboard;

/// <summary>
/// The Orleans Dashboard at <c>/dashboard</c>, for the command centre only. Its page and its own API calls carry no
/// Authorization header, so the command centre opens it once as <c>/dashboard/?access_token=&lt;token&gt;</c>; the
/// token then travels in an HttpOnly cookie limited to <c>/dashboard</c>, checked like any bearer token.
/// </summary>
public static class DashboardApi
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    /// <summary>The cookie holding the dashboard's token.</summary>
    public const string CookieName = "coordination-dashboard";

    /// <summary>Maps the dashboard behind the command centre's access (deployment, watch-all); not part of the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapOrleansDashboard(Path).RequireAccess(Resources.Deployment, "watch-all").ExcludeFromDescription();
        return app;
    }

    /// <summary>The token a dashboard request carries in its query or cookie; null elsewhere, where only the header counts.</summary>
    internal static string? TokenOf(HttpRequest request)
    {
        if (!request.Path.StartsWithSegments(Path))
        {
            return null;
        }

        return request.Query["access_token"].FirstOrDefault() is { Length: > 0 } query ? query : request.Cookies[CookieName];
    }

    /// <summary>Keeps a token that came in the query as the dashboard's cookie, so its later requests carry it.</summary>
    internal static void Remember(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments(Path) && http.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
        {
            http.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = Path,
            });
        }
    }
}
