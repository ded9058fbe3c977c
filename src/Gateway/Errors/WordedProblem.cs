using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.Gateway.Errors;

/// <summary>
/// Problem details worded for the pages: the title and detail in English, and as <c>text</c> the detail (else the title)
/// as a text of the pages (<see cref="ProblemText"/>), which each page shows in its own language.
/// </summary>
public static class WordedProblem
{
    /// <summary>The problem <paramref name="title"/>, <paramref name="detail"/> (a text, or English only), with <paramref name="extensions"/>.</summary>
    public static ProblemDetails Details(int status, ProblemText title, ProblemText? detail = null, string? englishDetail = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title.English, Detail = detail?.English ?? englishDetail };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[name] = value;
        }

        problem.Extensions["text"] = detail ?? title;
        return problem;
    }

    /// <summary>The same as an endpoint's result.</summary>
    public static ProblemHttpResult Result(int status, ProblemText title, ProblemText? detail = null, string? englishDetail = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Details(status, title, detail, englishDetail, extensions));
}
