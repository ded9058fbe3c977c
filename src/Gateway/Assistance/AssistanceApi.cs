using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Assistance;
using Coordination.Grains.Cases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Assistance;

/// <summary>
/// Grid-worker assistance (协助执行): the case's judge asks the grid worker of the debtor's grid area; the grid worker
/// answers; the chief sees each area's feedback rate.
/// </summary>
public static class AssistanceApi
{
    /// <summary>Maps <c>/cases/{n}/assistance</c>, <c>/assistance</c>, <c>/grid/requests</c> and <c>/courts/{id}/grid-areas</c>.</summary>
    public static IEndpointRouteBuilder MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cases/{caseNumber}/assistance", Create).WithTags("Assistance").RequireAuthorization().WithName("RequestAssistance")
            .WithSummary("The case's judge asks the grid worker of the debtor's area (found by the address's coordinates).");
        app.MapGet("/assistance/{requestId}", Get).WithTags("Assistance").RequireAuthorization().WithName("GetAssistanceRequest")
            .WithSummary("A request (people of the court, its grid worker, the command centre).");
        app.MapPost("/assistance/{requestId}/answer", Answer).WithTags("Assistance").RequireAuthorization().WithName("AnswerAssistanceRequest")
            .WithSummary("The area's grid worker answers.");
        app.MapGet("/grid/requests", MyRequests).WithTags("Assistance").RequireAuthorization().WithName("GetMyGridRequests")
            .WithSummary("The calling grid worker's requests, open ones first.");
        app.MapGet("/courts/{courtId}/grid-areas", Areas).WithTags("Assistance").RequireAuthorization().WithName("GetGridAreaFeedback")
            .WithSummary("Each grid area's requests, answers, answers in time, overdue ones and feedback rate (people of the court, the command centre).");
        return app;
    }

    private static async Task<Results<Created<AssistanceRequest>, ProblemHttpResult>> Create(string caseNumber, AssistanceOrder order, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var theCase = await grains.GetGrain<ICaseGrain>(caseNumber).Get();
        if (caller.Role != Roles.Judge || theCase.JudgeId != caller.UserId || !caller.CanActIn(theCase.CourtId))
        {
            return Forbidden.Because($"Only the judge of case {caseNumber} asks grid workers about its debtors.");
        }

        var id = $"{theCase.CourtId}-ast-{Guid.NewGuid().ToString("N")[..12]}";
        return TypedResults.Created($"/assistance/{id}", await grains.GetGrain<IAssistanceRequestGrain>(id).Create(caseNumber, order, caller.UserId));
    }

    private static async Task<Results<Ok<AssistanceRequest>, ProblemHttpResult>> Get(string requestId, HttpContext http, IGrainFactory grains)
    {
        var request = await grains.GetGrain<IAssistanceRequestGrain>(requestId).Get() ?? throw new AssistanceNotFoundException(requestId);
        var caller = Caller.From(http.User);
        var allowed = caller.Role == Roles.GridWorker ? request.WorkerId == caller.UserId : caller.CanSee(request.CourtId);
        return allowed ? TypedResults.Ok(request) : Forbidden.Because($"Request {requestId} is of court {request.CourtId} and grid area {request.AreaId}.");
    }

    private static async Task<Results<Ok<AssistanceRequest>, ProblemHttpResult>> Answer(string requestId, AssistanceAnswer answer, HttpContext http, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IAssistanceRequestGrain>(requestId);
        var request = await grain.Get() ?? throw new AssistanceNotFoundException(requestId);
        var caller = Caller.From(http.User);
        return caller.Role == Roles.GridWorker && request.WorkerId == caller.UserId
            ? TypedResults.Ok(await grain.Answer(answer, caller.UserId))
            : Forbidden.Because($"Only the grid worker of {request.AreaId} answers request {requestId}.");
    }

    private static async Task<Results<Ok<AssistanceRequest[]>, ProblemHttpResult>> MyRequests(HttpContext http, IGrainFactory grains, GridDirectory grid)
    {
        var caller = Caller.From(http.User);
        if (caller.Role != Roles.GridWorker)
        {
            return Forbidden.Because("Only grid workers have grid requests.");
        }

        var lists = await Task.WhenAll(grid.Areas.Where(a => a.WorkerId == caller.UserId).Select(a => grains.GetGrain<IGridAreaGrain>(a.Id).List()));
        return TypedResults.Ok(lists.SelectMany(l => l).OrderBy(r => r.IsAnswered).ThenBy(r => r.RequestedAt).ToArray());
    }

    private static async Task<Results<Ok<GridAreaStatistics[]>, ProblemHttpResult>> Areas(string courtId, HttpContext http, IGrainFactory grains, GridDirectory grid, TimeProvider time)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.GridWorker || !caller.CanSee(courtId))
        {
            return Forbidden.Because($"Only people of {courtId} and the command centre see its grid areas.");
        }

        var now = time.GetUtcNow();
        var areas = grid.Areas.Where(a => a.CourtId == courtId).ToList();
        var lists = await Task.WhenAll(areas.Select(a => grains.GetGrain<IGridAreaGrain>(a.Id).List()));
        return TypedResults.Ok(areas.Select((a, i) => GridFeedback.Of(a, lists[i], now)).ToArray());
    }
}
