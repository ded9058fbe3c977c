using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Judges;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Judges;

/// <summary>A judge's own caseload, agenda and weekly plan (<c>/judges/me</c>, judge role).</summary>
public static class JudgesApi
{
    /// <summary>Maps <c>/judges/me</c>.</summary>
    public static IEndpointRouteBuilder MapJudgesApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/judges/me").WithTags("Judges");
        me.MapGet("/caseload", GetCaseload).WithName("GetMyCaseload").WithSummary("The judge's cases, open first.").RequireAccess(Resources.JudgeWork, "read");
        me.MapGet("/agenda", GetAgenda).WithName("GetMyAgenda").WithSummary("Every open deadline of the judge's cases, earliest first, with its colour.").RequireAccess(Resources.JudgeWork, "read");
#pragma warning disable RDG002 // bound at run time on purpose: see BoundAtRuntime
        me.MapGet("/plan", BoundAtRuntime.Handler(GetPlan)).WithName("GetMyPlan").WithSummary("The week holding ?day= (default today): deadlines due and own items, coloured.").RequireAccess(Resources.JudgeWork, "read");
#pragma warning restore RDG002
        me.MapPost("/plan/items", AddItem).WithName("AddPlanItem").WithSummary("Adds an own item to the plan.").RequireAccess(Resources.JudgeWork, "plan");
        me.MapPut("/plan/items/{itemId}", UpdateItem).WithName("UpdatePlanItem").WithSummary("Replaces an own item (e.g. to mark it done).").RequireAccess(Resources.JudgeWork, "plan");
        me.MapDelete("/plan/items/{itemId}", RemoveItem).WithName("RemovePlanItem").WithSummary("Removes an own item.").RequireAccess(Resources.JudgeWork, "plan");
        return app;
    }

    private static IJudgeGrain Judge(HttpContext http, IGrainFactory grains) => grains.GetGrain<IJudgeGrain>(Caller.From(http.User).UserId);

    private static async Task<Ok<IReadOnlyList<CaseSummary>>> GetCaseload(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Judge(http, grains).GetCaseload());

    private static async Task<Ok<IReadOnlyList<AgendaItem>>> GetAgenda(HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Judge(http, grains).GetAgenda());

    private static async Task<Ok<WorkPlan>> GetPlan(DateOnly? day, HttpContext http, IGrainFactory grains, CourtDirectory courts, TimeProvider time) =>
        TypedResults.Ok(await Judge(http, grains).GetWeekPlan(day ?? courts.CalendarOf(Caller.From(http.User).CourtId!).LocalDate(time.GetUtcNow())));

    private static async Task<Created<PlanItem>> AddItem(PlanItem item, HttpContext http, IGrainFactory grains)
    {
        var saved = await Judge(http, grains).SavePlanItem(item with { Id = null });
        return TypedResults.Created($"/judges/me/plan/items/{saved.Id}", saved);
    }

    private static async Task<Ok<PlanItem>> UpdateItem(string itemId, PlanItem item, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await Judge(http, grains).SavePlanItem(item with { Id = itemId }));

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveItem(string itemId, HttpContext http, IGrainFactory grains) =>
        await Judge(http, grains).RemovePlanItem(itemId)
            ? TypedResults.NoContent()
            : WordedProblem.Result(StatusCodes.Status404NotFound, ProblemText.Of("plan.noSuchItem"), ProblemText.Of("plan.notInYourPlan", ("item", itemId)));
}
