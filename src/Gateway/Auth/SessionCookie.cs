using Microsoft.AspNetCore.Http;

namespace Coordination.Gateway.Auth;

/// <summary>
/// The pages' session: the caller's own token, kept in an HttpOnly, SameSite=Strict cookie that page scripts cannot
/// read. A request without an Authorization header is authenticated from it exactly as from the header (signature,
/// lifetime, the user still configured), and a request so authenticated that changes something must carry the
/// antiforgery header (<see cref="SessionAntiforgery"/>). API clients keep sending the bearer token.
/// </summary>
public static class SessionCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "coordination-session";

    private static readonly object Marker = new();

    /// <summary>The token in the session cookie, when the request has no Authorization header.</summary>
    internal static string? TokenOf(HttpRequest request) =>
        request.Headers.Authorization.Count == 0 && request.Cookies[Name] is { Length: > 0 } token ? token : null;

    /// <summary>Notes that this request's token came from the cookie (so, once it is valid, its changes need the antiforgery header).</summary>
    internal static void MarkAuthenticatedByCookie(HttpContext http) => http.Items[Marker] = true;

    /// <summary>Whether this request's token came from the cookie rather than from a header.</summary>
    internal static bool AuthenticatedByCookie(HttpContext http) => http.Items.ContainsKey(Marker);

    /// <summary>
    /// Keeps <paramref name="token"/> as the session. The cookie itself lasts until the browser closes; the token in it
    /// still expires when it does (checked by the server's clock, not the browser's).
    /// </summary>
    internal static void Set(HttpContext http, string token) => http.Response.Cookies.Append(Name, token, Options(http));

    /// <summary>Ends the session.</summary>
    internal static void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, Options(http));

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
