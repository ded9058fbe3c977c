using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.Gateway.Auth;

/// <summary>A 403 with a problem body saying why.</summary>
public static class Forbidden
{
    /// <summary>Refuses with <paramref name="reason"/>.</summary>
    public static ProblemHttpResult Because(string reason) =>
        TypedResults.Problem(title: "Not allowed.", detail: reason, statusCode: StatusCodes.Status403Forbidden);
}
