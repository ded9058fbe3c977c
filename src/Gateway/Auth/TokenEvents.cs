using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Gateway.Auth;

/// <summary>
/// What the bearer handler does beyond checking the signature: a configured user's token is honoured only while that
/// user is still configured with the token's role and court; a refused token is answered with problem details saying
/// whether it was missing, malformed, expired, badly signed or no longer valid for its user.
/// </summary>
internal static class TokenEvents
{
    /// <summary>The events, for <see cref="JwtBearerOptions.Events"/>.</summary>
    public static JwtBearerEvents Create() => new() { OnMessageReceived = TokenFromCookie, OnTokenValidated = CheckUserAsync, OnChallenge = ChallengeAsync };

    /// <summary>
    /// Without an Authorization header, the dashboard's own requests carry the token in their query or cookie (see
    /// <see cref="Dashboard.DashboardApi"/>), and the pages' in the session cookie (<see cref="SessionCookie"/>).
    /// </summary>
    private static Task TokenFromCookie(MessageReceivedContext context)
    {
        if (context.Request.Headers.Authorization.Count == 0 && Dashboard.DashboardApi.TokenOf(context.Request) is { } token)
        {
            context.Token = token;
        }
        else if (SessionCookie.TokenOf(context.Request) is { } session)
        {
            context.Token = session;
            SessionCookie.MarkAuthenticatedByCookie(context.HttpContext);
        }

        return Task.CompletedTask;
    }

    private static Task CheckUserAsync(TokenValidatedContext context)
    {
        var caller = Caller.From(context.Principal!);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        if (!users.Honours(caller))
        {
            context.Fail(new UserChangedException(users.Find(caller.UserId) is null
                ? $"User '{caller.UserId}' is no longer configured; the token is void."
                : $"User '{caller.UserId}' now has another role or court; sign in again for a new token."));
        }

        else
        {
            Dashboard.DashboardApi.Remember(context.HttpContext);
        }

        return Task.CompletedTask;
    }

    private static readonly (string, string) BadAlgorithm = ("bad-algorithm", "The token is signed with an algorithm this deployment does not accept (only HS256).");

    /// <summary>The <c>alg</c> a bearer token's header names, if it can be read.</summary>
    private static string? AlgorithmOf(string header)
    {
        try
        {
            return new JsonWebToken(header["Bearer ".Length..].Trim()).Alg;
        }
        catch (Exception exception) when (exception is ArgumentException or SecurityTokenMalformedException)
        {
            return null;
        }
    }

    private static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var header = context.Request.Headers.Authorization.ToString();
        var (reason, detail) = context.AuthenticateFailure switch
        {
            null when header.Length == 0 => ("missing", "No token: send 'Authorization: Bearer <token>' (from POST /auth/token, /party/tokens or /filings/tokens)."),
            null => ("malformed", "The Authorization header must be 'Bearer <token>'."),
            UserChangedException changed => ("user-changed", changed.Message),
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException => ("expired", "The token has expired (or is not valid yet); get a new one."),
            SecurityTokenInvalidAlgorithmException => BadAlgorithm,
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException when AlgorithmOf(header) is not (null or SecurityAlgorithms.HmacSha256) => BadAlgorithm,
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => ("bad-signature", "The token's signature is not valid for this deployment."),
            SecurityTokenInvalidIssuerException or SecurityTokenInvalidAudienceException => ("wrong-issuer", "The token was not issued by this deployment."),
            SecurityTokenMalformedException or ArgumentException => ("malformed", "The token is not a well-formed JWT."),
            _ => ("refused", "The token was refused."),
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = reason == "missing" ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        var problem = new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Not signed in.", Detail = detail, Extensions = { ["reason"] = reason } };
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
    }
}
