using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Streams;
using Coordination.Grains.Assistance;
using Coordination.Grains.Changes;
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
    /// <summary>Maps <c>/cases/{n}/assistance</c>, <c>/assistance</c>, <c>/grid/requests</c> (and its change stream) and <c>/courts/{id}/grid-areas</c>.</summary>
    public static IEndpointRouteBuilder MapAssistanceApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cases/{caseNumber}/assistance", Create).WithTags("Assistance").WithName("RequestAssistance")
            .WithSummary("The case's judge asks the grid worker of the debtor's area (found by the address's coordinates).")
            .RequireAccess(Resources.Case, "request-assistance");
        app.MapGet("/assistance/{requestId}", Get).WithTags("Assistance").WithName("GetAssistanceRequest")
            .WithSummary("A request (people of the court, its grid worker, the command centre).")
            .RequireAccess(Resources.AssistanceRequest, "read");
        app.MapPost("/assistance/{requestId}/answer", Answer).WithTags("Assistance").WithName("AnswerAssistanceRequest")
            .WithSummary("The area's grid worker answers.")
            .RequireAccess(Resources.AssistanceRequest, "answer");
        app.MapGet("/grid/requests", MyRequests).WithTags("Assistance").WithName("GetMyGridRequests")
            .WithSummary("The calling grid worker's requests, open ones first.")
            .RequireAccess(Resources.GridWork, "read");
        app.MapGet("/courts/{courtId}/grid-areas", Areas).WithTags("Assistance").WithName("GetGridAreaFeedback")
            .WithSummary("Each grid area's requests, answers, answers in time, overdue ones and feedback rate (people of the court, the command centre).")
            .RequireAccess(Resources.Court, "read-activity");
        app.MapGet("/streams/grid", (HttpContext http, IClusterClient client) => StreamEvents.Changes(client, ChangeStreams.GridWorker(Caller.From(http.User).UserId), http))
            .WithTags("Streams").WithName("StreamMyGridRequests").RequireAccess(Resources.GridWork, "read")
            .WithSummary("SSE: a `changed` event whenever a request to one of the grid worker's areas comes or changes; read GET /grid/requests again.");
        return app;
    }

    private static async Task<Created<AssistanceRequest>> Create(string caseNumber, AssistanceOrder order, HttpContext http, IGrainFactory grains)
    {
        var id = $"{AccessFilter.Granted<CaseResource>(http).CourtId}-ast-{Guid.NewGuid().ToString("N")[..12]}";
        return TypedResults.Created($"/assistance/{id}", await grains.GetGrain<IAssistanceRequestGrain>(id).Create(caseNumber, order, Caller.From(http.User).UserId));
    }

    private static async Task<Ok<AssistanceRequest>> Get(string requestId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAssistanceRequestGrain>(requestId).Get() ?? throw new AssistanceNotFoundException(requestId));

    private static async Task<Ok<AssistanceRequest>> Answer(string requestId, AssistanceAnswer answer, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IAssistanceRequestGrain>(requestId).Answer(answer, Caller.From(http.User).UserId));

    private static async Task<Ok<AssistanceRequest[]>> MyRequests(HttpContext http, IGrainFactory grains, GridDirectory grid)
    {
        var worker = Caller.From(http.User).UserId;
        var lists = await Task.WhenAll(grid.Areas.Where(a => a.WorkerId == worker).Select(a => grains.GetGrain<IGridAreaGrain>(a.Id).List()));
        return TypedResults.Ok(lists.SelectMany(l => l).OrderBy(r => r.IsAnswered).ThenBy(r => r.RequestedAt).ToArray());
    }

    private static async Task<Ok<GridAreaStatistics[]>> Areas(string courtId, IGrainFactory grains, GridDirectory grid, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var areas = grid.Areas.Where(a => a.CourtId == courtId).ToList();
        var lists = await Task.WhenAll(areas.Select(a => grains.GetGrain<IGridAreaGrain>(a.Id).List()));
        return TypedResults.Ok(areas.Select((a, i) => GridFeedback.Of(a, lists[i], now)).ToArray());
    }
}
