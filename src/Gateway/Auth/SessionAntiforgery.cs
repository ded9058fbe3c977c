using Coordination.Gateway.Errors;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Gateway.Auth;

/// <summary>
/// Antiforgery for the pages' session cookie (ASP.NET Core's <see cref="IAntiforgery"/>): a request authenticated by
/// <see cref="SessionCookie"/> whose method changes something (anything but GET, HEAD, OPTIONS and TRACE) must carry
/// <see cref="HeaderName"/> with a token from <c>GET /auth/antiforgery</c>, else it is answered 400 and not run.
/// Requests with a bearer token are not affected: a browser never adds that header on its own.
/// </summary>
public static class SessionAntiforgery
{
    /// <summary>The request header that carries the antiforgery token.</summary>
    public const string HeaderName = "X-CSRF-TOKEN";

    /// <summary>The antiforgery cookie (the pair of the header's token).</summary>
    public const string CookieName = "coordination-csrf";

    /// <summary>Registers the antiforgery services with this header and cookie.</summary>
    public static IServiceCollection AddSessionAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(options =>
        {
            options.HeaderName = HeaderName;
            options.Cookie.Name = CookieName;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>Refuses a cookie-authenticated change without a valid antiforgery token; after authentication.</summary>
    public static IApplicationBuilder UseSessionAntiforgery(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (SessionCookie.AuthenticatedByCookie(http) && http.User.Identity?.IsAuthenticated == true && !IsSafe(http.Request.Method)
                && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = WordedProblem.Details(StatusCodes.Status400BadRequest, ProblemText.Of("auth.title.antiforgery"),
                        ProblemText.Of("auth.antiforgery", ("header", HeaderName)), extensions: new Dictionary<string, object?> { ["reason"] = "antiforgery" }),
                });
                return;
            }

            await next(http);
        });

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
