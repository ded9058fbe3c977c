using Coordination.Gateway.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Auth;

/// <summary>What a user signs in with.</summary>
public sealed record SignInRequest(string UserId, string Password);

/// <summary>A token and who it is for.</summary>
public sealed record SignInResult(string Token, string UserId, string Name, string Role, string? CourtId);

/// <summary>Sign-in with user id and password (for the command-centre page and other browsers): a bearer token back.</summary>
public static class SignInApi
{
    /// <summary>Maps <c>POST /auth/token</c> and <c>GET /auth/me</c>.</summary>
    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/token", SignIn).AllowAnonymous().WithTags("Auth").WithName("SignIn")
            .WithSummary("A bearer token for a user id and password (set with the set-password verb). 401 on a wrong pair; 429 with Retry-After when the address or the user name has tried too often, cluster-wide.");
        app.MapGet("/auth/me", Me).RequireAccess(Resources.Session, "read").WithTags("Auth").WithName("WhoAmI").WithSummary("Who the token is for.");
        return app;
    }

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
            return TypedResults.Problem(title: "Sign-in failed.", detail: "Unknown user or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
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
