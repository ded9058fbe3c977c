using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Gateway.Access;

/// <summary>The answers of a refused request: 404 for what the caller may not know exists, 403 for what they may not do.</summary>
internal static class AccessRefusals
{
    /// <summary>
    /// No such object, or one the caller may not see: the two answers are the same, so nobody can learn which of
    /// another court's case numbers exist. The resource is named by its word (<c>problem.resource.{resource}</c>).
    /// </summary>
    public static ProblemHttpResult NotFound(string resource, string? key) =>
        WordedProblem.Result(
            StatusCodes.Status404NotFound,
            ProblemText.Of("access.title.noSuch", ("resource", resource)),
            key is null ? ProblemText.Of("access.noSuch", ("resource", resource)) : ProblemText.Of("access.notVisible", ("resource", resource), ("key", key)),
            extensions: new Dictionary<string, object?> { ["resource"] = resource });

    /// <summary>The caller may see the object but not do this to it; says who may (the roles as the access table names them).</summary>
    public static ProblemHttpResult Forbidden(AccessRule rule, Caller caller)
    {
        var allowed = Roles.Tokens.Select(role => (role, scope: rule.ScopeOf(role))).Where(r => r.scope != AccessScope.None)
            .Select(r => r.scope == AccessScope.All ? r.role : $"{r.role} ({r.scope.ToString().ToLowerInvariant()})");
        return WordedProblem.Result(
            StatusCodes.Status403Forbidden,
            ProblemText.Of("access.title.notAllowed"),
            ProblemText.Of("access.notAllowed", ("user", caller.UserId), ("role", caller.Role), ("operation", rule.Operation), ("resource", rule.Resource),
                ("rule", rule.Name), ("roles", string.Join(", ", allowed))),
            extensions: new Dictionary<string, object?> { ["resource"] = rule.Resource, ["access"] = rule.Name });
    }
}
