using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Judges;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Courts;

/// <summary>The bureau's view (<c>/courts/{courtId}</c>): the chief of that court and the command centre.</summary>
public static class CourtsApi
{
    /// <summary>Maps <c>/courts</c>.</summary>
    public static IEndpointRouteBuilder MapCourtsApi(this IEndpointRouteBuilder app)
    {
        var courts = app.MapGroup("/courts").WithTags("Courts").RequireAuthorization();
        courts.MapGet("/", List).WithName("ListCourts").WithSummary("The courts the caller can see.");
        var court = courts.MapGroup("/{courtId}").AddEndpointFilter(OwnCourtOnly);
        court.MapGet("/cases", GetCases).WithName("GetCourtCases").WithSummary("The court's cases, newest first; filter with ?status= and ?judgeId=.");
        court.MapGet("/statistics", GetStatistics).WithName("GetCourtStatistics").WithSummary("Received, concluded and pending for the day, week and month holding ?day= (default today), and average days to conclude.");
        court.MapGet("/overdue", GetOverdue).WithName("GetCourtOverdue").WithSummary("Every overdue deadline of the court's cases.");
        court.MapGet("/judges", GetJudges).WithName("GetCourtJudges").WithSummary("Each judge's open cases and overdue deadlines.");
        court.MapGet("/plans", GetPlans).WithName("GetCourtPlans").WithSummary("Every judge's weekly plan for the week holding ?day=.");
        court.MapPut("/focus/{caseNumber}", SetFocus).WithName("SetFocusCase").WithSummary("Flags or unflags a focus case (chief only).");
        return app;
    }

    /// <summary>The chief sees their own court; the command centre sees every court; judges and clerks use the case endpoints.</summary>
    private static async ValueTask<object?> OwnCourtOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = Caller.From(context.HttpContext.User);
        var courtId = (string)context.HttpContext.Request.RouteValues["courtId"]!;
        var courts = context.HttpContext.RequestServices.GetService(typeof(CourtDirectory)) as CourtDirectory;
        if (courts is null || !courts.Contains(courtId))
        {
            return TypedResults.Problem(title: "No such court.", detail: $"'{courtId}' is not a court of this deployment.", statusCode: StatusCodes.Status404NotFound);
        }

        return caller.Role is Roles.Chief or Roles.CommandCentre && caller.CanSee(courtId)
            ? await next(context)
            : Forbidden.Because($"Only the chief of {courtId} and the command centre see the bureau's view.");
    }

    private static Ok<IReadOnlyList<CourtSummary>> List(HttpContext http, CourtDirectory courts)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok<IReadOnlyList<CourtSummary>>([.. courts.CourtIds.Where(caller.CanSee).Select(id => new CourtSummary(id, courts.NameOf(id)))]);
    }

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

    private static async Task<Results<Ok<CourtCase>, ProblemHttpResult>> SetFocus(string courtId, string caseNumber, FocusRequest request, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.Chief)
        {
            return Forbidden.Because("Only the chief flags focus cases.");
        }

        return TypedResults.Ok(await grains.GetGrain<ICourtGrain>(courtId).SetFocus(caseNumber, request.Focus, request.Note, caller.UserId));
    }
}

/// <summary>A court of the deployment.</summary>
public sealed record CourtSummary(string Id, string Name);

/// <summary>Flag (true) or unflag a focus case, with an optional note.</summary>
public sealed record FocusRequest(bool Focus, string? Note = null);
