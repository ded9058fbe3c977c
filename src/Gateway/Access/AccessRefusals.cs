using Coordination.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Gateway.Access;

/// <summary>The answers of a refused request: 404 for what the caller may not know exists, 403 for what they may not do.</summary>
internal static class AccessRefusals
{
    /// <summary>
    /// No such object, or one the caller may not see: the two answers are the same, so nobody can learn which of
    /// another court's case numbers exist.
    /// </summary>
    public static ProblemHttpResult NotFound(string resource, string? key)
    {
        var noun = Noun(resource);
        return TypedResults.Problem(
            title: $"No such {noun}.",
            detail: key is null ? $"There is no such {noun}." : $"There is no {noun} '{key}' that you can see.",
            statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["resource"] = resource });
    }

    /// <summary>The caller may see the object but not do this to it; says who may.</summary>
    public static ProblemHttpResult Forbidden(AccessRule rule, Caller caller)
    {
        var allowed = Roles.Tokens.Select(role => (role, scope: rule.ScopeOf(role))).Where(r => r.scope != AccessScope.None)
            .Select(r => r.scope == AccessScope.All ? r.role : $"{r.role} ({r.scope.ToString().ToLowerInvariant()})");
        return TypedResults.Problem(
            title: "Not allowed.",
            detail: $"{caller.UserId} ({caller.Role}) may not {rule.Operation} this {Noun(rule.Resource)}; {rule.Name} is for: {string.Join(", ", allowed)}.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["resource"] = rule.Resource, ["access"] = rule.Name });
    }

    private static string Noun(string resource) => resource.Replace('-', ' ');
}
