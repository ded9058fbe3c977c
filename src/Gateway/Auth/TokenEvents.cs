using Coordination.Gateway.Errors;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
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
                ? ProblemText.Of("auth.userRemoved", ("user", caller.UserId))
                : ProblemText.Of("auth.userChanged", ("user", caller.UserId))));
        }

        else
        {
            Dashboard.DashboardApi.Remember(context.HttpContext);
        }

        return Task.CompletedTask;
    }

    private static readonly (string, ProblemText) BadAlgorithm = ("bad-algorithm", ProblemText.Of("auth.badAlgorithm"));

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
            null when header.Length == 0 => ("missing", ProblemText.Of("auth.missing")),
            null => ("malformed", ProblemText.Of("auth.malformedHeader")),
            UserChangedException changed => ("user-changed", changed.Reason),
            SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException => ("expired", ProblemText.Of("auth.expired")),
            SecurityTokenInvalidAlgorithmException => BadAlgorithm,
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException when AlgorithmOf(header) is not (null or SecurityAlgorithms.HmacSha256) => BadAlgorithm,
            SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => ("bad-signature", ProblemText.Of("auth.badSignature")),
            SecurityTokenInvalidIssuerException or SecurityTokenInvalidAudienceException => ("wrong-issuer", ProblemText.Of("auth.wrongIssuer")),
            SecurityTokenMalformedException or ArgumentException => ("malformed", ProblemText.Of("auth.malformedToken")),
            _ => ("refused", ProblemText.Of("auth.refused")),
        };
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = reason == "missing" ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{reason}\"";
        var problem = WordedProblem.Details(StatusCodes.Status401Unauthorized, ProblemText.Of("auth.title.notSignedIn"), detail, extensions: new Dictionary<string, object?> { ["reason"] = reason });
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
    }
}
