using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Judges;
using Coordination.Grains.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Courts;

/// <summary>The courts of the deployment and each court's lists, figures and plans (<c>/courts/{courtId}</c>).</summary>
public static class CourtsApi
{
    /// <summary>Maps <c>/courts</c>.</summary>
    public static IEndpointRouteBuilder MapCourtsApi(this IEndpointRouteBuilder app)
    {
        var courts = app.MapGroup("/courts").WithTags("Courts");
        courts.MapGet("/", List).WithName("ListCourts").WithSummary("The deployment's courts.").RequireAccess(Resources.Deployment, "list-courts");
        var court = courts.MapGroup("/{courtId}");
#pragma warning disable RDG002 // bound at run time on purpose: see BoundAtRuntime
        court.MapGet("/cases", BoundAtRuntime.Handler(GetCases)).WithName("GetCourtCases").WithSummary("The court's cases, newest first; filter with ?status= and ?judgeId=.")
            .RequireAccess(Resources.Court, "read-cases");
#pragma warning restore RDG002
#pragma warning disable RDG002 // bound at run time on purpose: see BoundAtRuntime
        court.MapGet("/statistics", BoundAtRuntime.Handler(GetStatistics)).WithName("GetCourtStatistics").WithSummary("Received, concluded and pending for the day, week and month holding ?day= (default today), and average days to conclude.")
            .RequireAccess(Resources.Court, "supervise");
#pragma warning restore RDG002
        court.MapGet("/overdue", GetOverdue).WithName("GetCourtOverdue").WithSummary("Every overdue deadline of the court's cases.").RequireAccess(Resources.Court, "supervise");
        court.MapGet("/judges", GetJudges).WithName("GetCourtJudges").WithSummary("Each judge's open cases and overdue deadlines.").RequireAccess(Resources.Court, "supervise");
#pragma warning disable RDG002 // bound at run time on purpose: see BoundAtRuntime
        court.MapGet("/plans", BoundAtRuntime.Handler(GetPlans)).WithName("GetCourtPlans").WithSummary("Every judge's weekly plan for the week holding ?day=.").RequireAccess(Resources.Court, "supervise");
#pragma warning restore RDG002
        court.MapGet("/approvals", GetApprovals).WithName("GetCourtApprovals").WithSummary("What waits for the chief: extensions the judges asked for and notices sent only by hand, oldest first.")
            .RequireAccess(Resources.Court, "supervise");
        court.MapPut("/focus/{caseNumber}", SetFocus).WithName("SetFocusCase").WithSummary("Flags or unflags a focus case (chief only).").RequireAccess(Resources.Case, "flag-focus");
        return app;
    }

    /// <summary>Every court of the deployment: court ids are not secret (refusals name them with 403, not 404).</summary>
    private static Ok<IReadOnlyList<CourtSummary>> List(CourtDirectory courts) =>
        TypedResults.Ok<IReadOnlyList<CourtSummary>>([.. courts.CourtIds.Select(id => new CourtSummary(id, courts.NameOf(id)))]);

    private static async Task<Ok<IReadOnlyList<CourtCase>>> GetCases(string courtId, CaseStatus? status, string? judgeId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).GetCases(status, judgeId));

    private static async Task<Ok<CourtStatistics>> GetStatistics(string courtId, DateOnly? day, IGrainFactory grains, CourtDirectory courts, TimeProvider time) =>
        TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).GetStatistics(day ?? courts.CalendarOf(courtId).LocalDate(time.GetUtcNow())));

    private static async Task<Ok<IReadOnlyList<AgendaItem>>> GetOverdue(string courtId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).GetOverdue());

    private static async Task<Ok<IReadOnlyList<JudgeLoad>>> GetJudges(string courtId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).GetJudges());

    private static async Task<Ok<IReadOnlyList<WorkPlan>>> GetPlans(string courtId, DateOnly? day, IGrainFactory grains, CourtDirectory courts, TimeProvider time) =>
        TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).GetPlans(day ?? courts.CalendarOf(courtId).LocalDate(time.GetUtcNow())));

    private static async Task<Ok<CourtApprovals>> GetApprovals(string courtId, IGrainFactory grains)
    {
        var extensions = grains.GetGrain<ICourtGrain>(courtId).GetPendingExtensions();
        var notices = grains.GetGrain<ICourtNoticesGrain>(courtId).AwaitingApproval();
        return TypedResults.Ok(new CourtApprovals(await extensions, await notices));
    }

    /// <summary>Flags the case the access check found, with its own court (a route naming another court finds no such case).</summary>
    private static async Task<Results<Ok<CourtCase>, ProblemHttpResult>> SetFocus(string courtId, string caseNumber, FocusRequest request, HttpContext http, IGrainFactory grains)
    {
        var theCase = AccessFilter.Granted<CaseResource>(http);
        return theCase.CourtId != courtId
            ? AccessRefusals.NotFound(Resources.Case, caseNumber)
            : TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).SetFocus(caseNumber, request.Focus, request.Note, Caller.From(http.User).UserId));
    }
}

/// <summary>A court of the deployment.</summary>
public sealed record CourtSummary(string Id, string Name);

/// <summary>What waits for the chief's approval in a court.</summary>
/// <param name="Extensions">Cases whose judge asked to extend the conclusion limit (<see cref="CourtCase.ExtensionRequestedDays"/>).</param>
/// <param name="Notices">Notices the court sends only once a judge or the chief releases them.</param>
public sealed record CourtApprovals(IReadOnlyList<CourtCase> Extensions, IReadOnlyList<NoticeView> Notices);

/// <summary>Flag (true) or unflag a focus case, with an optional note.</summary>
public sealed record FocusRequest(bool Focus, string? Note = null);
