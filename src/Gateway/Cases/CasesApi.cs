using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Coordination.Grains.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Cases;

/// <summary>Filing, steps and the record of enforcement cases.</summary>
public static class CasesApi
{
    /// <summary>Maps <c>/cases</c>.</summary>
    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/cases").WithTags("Cases");
        cases.MapPost("/", File).WithName("FileCase").WithSummary("Opens a case (clerk or chief of the filing court). 409 if the number is already filed.")
            .RequireAccess(new AccessDeclaration { Resource = Resources.Court, Operations = ["file-case"], Key = c => c.Arguments.OfType<CaseFiling>().FirstOrDefault()?.CourtId });
        cases.MapGet("/{caseNumber}", Get).WithName("GetCase").WithSummary("The case with its open deadlines, measures, clues and funds.")
            .RequireAccess(Resources.Case, "read");
        cases.MapPost("/{caseNumber}/steps", RecordStep).WithName("RecordCaseStep")
            .WithSummary("Records a step (kind plus the fields it needs). 409 with the reason when the step makes no sense now.")
            .RequireAccess(new AccessDeclaration { Resource = Resources.Case, Operations = ["record-measure", "assign-judge", "grant-extension"], ChooseOperation = OperationOf });
        cases.MapGet("/{caseNumber}/record", GetRecord).WithName("GetCaseRecord").WithSummary("The hash-chained record, entry by entry.")
            .RequireAccess(Resources.Case, "read");
        cases.MapGet("/{caseNumber}/record/verification", VerifyRecord).WithName("VerifyCaseRecord")
            .WithSummary("Recomputes the record's hash chain from the database and names the first altered, removed or reordered entry.")
            .RequireAccess(Resources.Case, "read");
        return app;
    }

    /// <summary>
    /// Steps that other parts of the system record, and where: nobody may write them onto a case by hand. Each names a
    /// word of the texts, <c>problem.recordedBy.{value}</c> (e.g. "by POST /cases").
    /// </summary>
    private static readonly Dictionary<CaseStepKind, string> RecordedElsewhere = new()
    {
        [CaseStepKind.Filed] = "filing",
        [CaseStepKind.MessagePosted] = "thread",
        [CaseStepKind.OpinionGiven] = "applicantAnswer",
        [CaseStepKind.OpinionLapsed] = "opinionWindow",
        [CaseStepKind.SiteArrived] = "fieldDevices",
        [CaseStepKind.SiteDeparted] = "fieldDevices",
        [CaseStepKind.EvidenceCaptured] = "bodyCameras",
        [CaseStepKind.EntrustmentRequested] = "entrusting",
        [CaseStepKind.EntrustmentDelivered] = "entrustedCourt",
        [CaseStepKind.EntrustmentAccepted] = "entrustedCourt",
        [CaseStepKind.EntrustmentRefused] = "entrustedCourt",
        [CaseStepKind.EntrustmentProgress] = "entrustedCourt",
        [CaseStepKind.EntrustmentCompleted] = "entrustedCourt",
        [CaseStepKind.AssistanceRequested] = "gridRequest",
        [CaseStepKind.AssistanceAnswered] = "gridAnswer",
    };

    /// <summary>Which row of the access table a step falls under.</summary>
    private static string OperationOf(EndpointFilterInvocationContext context) => context.Arguments.OfType<CaseStep>().FirstOrDefault()?.Kind switch
    {
        CaseStepKind.JudgeAssigned => "assign-judge",
        CaseStepKind.ExtensionGranted => "grant-extension",
        _ => "record-measure",
    };

    private static async Task<Created<CaseView>> File(CaseFiling filing, HttpContext http, IGrainFactory grains)
    {
        var view = await grains.GetGrain<ICaseGrain>(filing.CaseNumber).File(filing, Caller.From(http.User).UserId);
        return TypedResults.Created($"/cases/{Uri.EscapeDataString(view.CaseNumber)}", view);
    }

    private static async Task<Ok<CaseView>> Get(string caseNumber, IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseNumber).Get());

    private static async Task<Ok<CaseView>> RecordStep(string caseNumber, CaseStep step, HttpContext http, IGrainFactory grains, UserDirectory users)
    {
        var theCase = AccessFilter.Granted<CaseResource>(http);
        new FieldErrors()
            .Check(!RecordedElsewhere.TryGetValue(step.Kind, out var where), "kind", "case.recordedElsewhere", ("stepKind", step.Kind), ("recordedBy", where))
            .Check(step.Kind != CaseStepKind.JudgeAssigned || step.JudgeId is null || users.IsJudgeOf(step.JudgeId, theCase.CourtId), "judgeId", "case.notJudgeOfCourt", ("court", theCase.CourtId))
            // Files join the record only once the store has checked the uploader holds them: through the thread or a party's clue.
            .Check(step.Attachments is null, "attachments", "case.filesGoToThread")
            .ThrowIfAny();
        return TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseNumber).RecordStep(step, Caller.From(http.User).UserId));
    }

    private static async Task<Ok<IReadOnlyList<CaseRecordEntry>>> GetRecord(string caseNumber, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseNumber).GetRecord());

    private static async Task<Ok<RecordVerification>> VerifyRecord(string caseNumber, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseGrain>(caseNumber).VerifyRecord());
}
