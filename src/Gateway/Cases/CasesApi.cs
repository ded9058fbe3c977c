using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Cases;

/// <summary>Filing, steps and the record of enforcement cases. Everyone sees their own court's cases; the command centre sees all.</summary>
public static class CasesApi
{
    /// <summary>Maps <c>/cases</c>.</summary>
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/cases").WithTags("Cases").RequireAuthorization();
        cases.MapPost("/", File).WithName("FileCase").WithSummary("Opens a case (clerk or chief of the filing court). 409 if the number is already filed.");
        cases.MapGet("/{caseNumber}", Get).WithName("GetCase").WithSummary("The case with its open deadlines, measures, clues and funds.");
        cases.MapPost("/{caseNumber}/steps", RecordStep).WithName("RecordCaseStep")
            .WithSummary("Records a step (kind plus the fields it needs). 409 with the reason when the step makes no sense now.");
        cases.MapGet("/{caseNumber}/record", GetRecord).WithName("GetCaseRecord").WithSummary("The hash-chained record, entry by entry.");
        cases.MapGet("/{caseNumber}/record/verification", VerifyRecord).WithName("VerifyCaseRecord")
            .WithSummary("Recomputes the record's hash chain from the database and names the first altered, removed or reordered entry.");
        return app;
    }

    private static async Task<Results<Created<CaseView>, ProblemHttpResult>> File(CaseFiling filing, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        if (caller.Role is not (Roles.Clerk or Roles.Chief) || filing.CourtId is null || !caller.CanActIn(filing.CourtId))
        {
            return Forbidden.Because("Only a clerk or the chief of the filing court can file its cases.");
        }

        var view = await grains.GetGrain<ICaseGrain>(filing.CaseNumber).File(filing, caller.UserId);
        return TypedResults.Created($"/cases/{Uri.EscapeDataString(view.CaseNumber)}", view);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> Get(string caseNumber, HttpContext http, IGrainFactory grains)
    {
        var view = await grains.GetGrain<ICaseGrain>(caseNumber).Get();
        return Caller.From(http.User).CanSee(view.CourtId) ? TypedResults.Ok(view) : NotYourCourt(view);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult>> RecordStep(string caseNumber, CaseStep step, HttpContext http, IGrainFactory grains)
    {
        new Grains.Validation.FieldErrors()
            .Check(step.Kind != CaseStepKind.MessagePosted, "kind", $"messages are posted to the case's thread: POST /cases/{caseNumber}/messages.")
            .Check(step.Kind != CaseStepKind.OpinionLapsed, "kind", "the system records OpinionLapsed when the applicants' window ends.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var grain = grains.GetGrain<ICaseGrain>(caseNumber);
        var current = await grain.Get();
        if (!caller.CanActIn(current.CourtId))
        {
            return NotYourCourt(current);
        }

        var allowed = step.Kind switch
        {
            CaseStepKind.JudgeAssigned => caller.Role is Roles.Clerk or Roles.Chief,
            CaseStepKind.ExtensionGranted => caller.Role is Roles.Chief,
            _ => caller.Role is Roles.Chief || (caller.Role is Roles.Judge && current.JudgeId == caller.UserId),
        };
        if (!allowed)
        {
            return Forbidden.Because(step.Kind switch
            {
                CaseStepKind.JudgeAssigned => "Only a clerk or the chief assigns judges.",
                CaseStepKind.ExtensionGranted => "Only the chief grants extensions.",
                _ => $"Only the judge in charge ({current.JudgeId ?? "none yet"}) or the chief records steps on case {caseNumber}.",
            });
        }

        return TypedResults.Ok(await grain.RecordStep(step, caller.UserId));
    }

    private static async Task<Results<Ok<IReadOnlyList<CaseRecordEntry>>, ProblemHttpResult>> GetRecord(string caseNumber, HttpContext http, IGrainFactory grains)
    {
        var grain = grains.GetGrain<ICaseGrain>(caseNumber);
        var view = await grain.Get();
        return Caller.From(http.User).CanSee(view.CourtId) ? TypedResults.Ok(await grain.GetRecord()) : NotYourCourt(view);
    }

    private static async Task<Results<Ok<RecordVerification>, ProblemHttpResult>> VerifyRecord(string caseNumber, HttpContext http, IGrainFactory grains)
    {
        var grain = grains.GetGrain<ICaseGrain>(caseNumber);
        var view = await grain.Get();
        return Caller.From(http.User).CanSee(view.CourtId) ? TypedResults.Ok(await grain.VerifyRecord()) : NotYourCourt(view);
    }

    private static ProblemHttpResult NotYourCourt(CaseView view) => Forbidden.Because($"Case {view.CaseNumber} belongs to another court.");
}
