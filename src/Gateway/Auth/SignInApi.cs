using Coordination.Gateway.Access;
using Coordination.Gateway.Errors;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Auth;

/// <summary>What a user signs in with.</summary>
public sealed record SignInRequest(string UserId, string Password);

/// <summary>A token and who it is for.</summary>
public sealed record SignInResult(string Token, string UserId, string Name, string Role, string? CourtId);

/// <summary>The antiforgery token a page sends in <see cref="HeaderName"/> with every change it makes.</summary>
public sealed record AntiforgeryTokenResult(string Token, string HeaderName);

/// <summary>
/// Sign-in with user id and password: a bearer token back. The pages turn any token (staff, party or filer) into their
/// session cookie (<see cref="SessionCookie"/>) and then send the antiforgery header with every change.
/// </summary>
public static class SignInApi
{
    /// <summary>Maps <c>POST /auth/token</c>, <c>GET /auth/me</c>, <c>POST</c> and <c>DELETE /auth/session</c>, and <c>GET /auth/antiforgery</c>.</summary>
    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/token", SignIn).AllowAnonymous().WithTags("Auth").WithName("SignIn")
            .WithSummary("A bearer token for a user id and password (set with the set-password verb). 401 on a wrong pair; 429 with Retry-After when the address or the user name has tried too often, cluster-wide.");
        app.MapGet("/auth/me", Me).RequireAccess(Resources.Session, "read").WithTags("Auth").WithName("WhoAmI").WithSummary("Who the token is for.");
        app.MapPost("/auth/session", StartSession).RequireAccess(Resources.Session, "read").WithTags("Auth").WithName("StartSession")
            .WithSummary("Keeps the request's bearer token as the pages' session: an HttpOnly, SameSite=Strict cookie until the browser closes (the token in it still expires). Later requests without an Authorization header are the token's caller; their changes need the antiforgery header.");
        app.MapDelete("/auth/session", EndSession).AllowAnonymous().WithTags("Auth").WithName("EndSession").WithSummary("Ends the pages' session: removes its cookie.");
        app.MapGet("/auth/antiforgery", Antiforgery).RequireAccess(Resources.Session, "read").WithTags("Auth").WithName("GetAntiforgeryToken")
            .WithSummary("The antiforgery token for the caller's session, to send in the X-CSRF-TOKEN header with every change made with the session cookie.");
        return app;
    }

    private static Results<Ok<SignInResult>, ProblemHttpResult> StartSession(HttpContext http, UserDirectory users)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return WordedProblem.Result(StatusCodes.Status400BadRequest, ProblemText.Of("auth.title.noToken"), ProblemText.Of("auth.noToken"));
        }

        SessionCookie.Set(http, header["Bearer ".Length..].Trim());
        return TypedResults.Ok(Me(http, users).Value!);
    }

    private static NoContent EndSession(HttpContext http)
    {
        SessionCookie.Clear(http);
        return TypedResults.NoContent();
    }

    private static Ok<AntiforgeryTokenResult> Antiforgery(HttpContext http, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryTokenResult(antiforgery.GetAndStoreTokens(http).RequestToken!, SessionAntiforgery.HeaderName));

    private static async Task<Results<Ok<SignInResult>, ProblemHttpResult>> SignIn(
        SignInRequest request, HttpContext http, SignInLimits limits, PasswordStore passwords, TokenIssuer issuer, UserDirectory users)
    {
        var userId = request.UserId ?? "";
        if (await limits.TryAsync(http, userId) is { } tooMany)
        {
            return tooMany;
        }

        var user = users.Find(userId);
        if (user is null || string.IsNullOrEmpty(request.Password) || !passwords.Verify(user.Id, request.Password))
        {
            await limits.FailedAsync(userId);
            return WordedProblem.Result(StatusCodes.Status401Unauthorized, ProblemText.Of("auth.title.signInFailed"), ProblemText.Of("auth.wrongPassword"));
        }

        return TypedResults.Ok(new SignInResult(issuer.Issue(user.Id), user.Id, user.Name, user.Role, user.CourtId));
    }

    private static Ok<SignInResult> Me(HttpContext http, UserDirectory users)
    {
        var caller = Caller.From(http.User);
        var name = users.Find(caller.UserId)?.Name ?? caller.UserId;
        return TypedResults.Ok(new SignInResult("", caller.UserId, name, caller.Role, caller.CourtId));
    }
}
