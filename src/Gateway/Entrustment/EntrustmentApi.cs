using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Grains.Cases;
using Coordination.Grains.Entrustment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Entrustment;

/// <summary>
/// Entrustments between courts (委托执行): the case's judge (or the chief) entrusts work to a court of a configured peer;
/// the entrusted court's judges and chief accept or refuse it and report progress and the result. People of either
/// court see it; the command centre sees all.
/// </summary>
public static class EntrustmentApi
{
    /// <summary>Maps <c>/cases/{n}/entrustments</c>, <c>/entrustments</c>, <c>/courts/{id}/entrustments</c> and <c>/peers</c>.</summary>
    public static IEndpointRouteBuilder MapEntrustmentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cases/{caseNumber}/entrustments", Create).WithTags("Entrustment").RequireAuthorization().WithName("EntrustWork")
            .WithSummary("Entrusts work of the case to another court (the case's judge or the chief); sent through the peer's outbox.");
        var entrustments = app.MapGroup("/entrustments/{entrustmentId}").WithTags("Entrustment").RequireAuthorization();
        entrustments.MapGet("/", Get).WithName("GetEntrustment").WithSummary("An entrustment with its history and open limits, from this court's side.");
        entrustments.MapPost("/accept", (string entrustmentId, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, http, grains, w => w.Accept(Caller.From(http.User).UserId))).WithName("AcceptEntrustment").WithSummary("The entrusted court takes the work on.");
        entrustments.MapPost("/refuse", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, http, grains, w => w.Refuse(report, Caller.From(http.User).UserId))).WithName("RefuseEntrustment").WithSummary("The entrusted court declines, with the reason.");
        entrustments.MapPost("/progress", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, http, grains, w => w.ReportProgress(report, Caller.From(http.User).UserId))).WithName("ReportEntrustmentProgress").WithSummary("Progress or status, with documents.");
        entrustments.MapPost("/complete", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, http, grains, w => w.Complete(report, Caller.From(http.User).UserId))).WithName("CompleteEntrustment").WithSummary("The result, with documents.");
        app.MapGet("/courts/{courtId}/entrustments", List).WithTags("Entrustment").RequireAuthorization().WithName("ListCourtEntrustments")
            .WithSummary("The court's entrustments both ways (people of the court, the command centre).");
        app.MapGet("/peers", Peers).WithTags("Entrustment").RequireAuthorization().WithName("GetPeers")
            .WithSummary("Each peer's outbox: messages waiting, the oldest's age, the last error (chiefs, command centre).");
        return app;
    }

    private static async Task<Results<Created<EntrustmentView>, ProblemHttpResult>> Create(string caseNumber, EntrustmentOrder order, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var theCase = await grains.GetGrain<ICaseGrain>(caseNumber).Get();
        if (!caller.CanActIn(theCase.CourtId) || !(caller.Role == Roles.Chief || (caller.Role == Roles.Judge && theCase.JudgeId == caller.UserId)))
        {
            return Forbidden.Because($"Only the judge of case {caseNumber} or the chief of {theCase.CourtId} entrusts its work.");
        }

        var id = $"{theCase.CourtId}-ent-{Guid.NewGuid().ToString("N")[..12]}";
        var view = await grains.GetGrain<IEntrustmentGrain>(id).Create(caseNumber, order, caller.UserId);
        return TypedResults.Created($"/entrustments/{id}", view);
    }

    private static async Task<Results<Ok<EntrustmentView>, ProblemHttpResult>> Get(string entrustmentId, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var outgoing = await grains.GetGrain<IEntrustmentGrain>(entrustmentId).Get();
        if (outgoing is not null && caller.CanSee(outgoing.FromCourt))
        {
            return TypedResults.Ok(outgoing);
        }

        var incoming = await grains.GetGrain<IEntrustedWorkGrain>(entrustmentId).Get();
        if (incoming is not null && caller.CanSee(incoming.ToCourt))
        {
            return TypedResults.Ok(incoming);
        }

        return outgoing is null && incoming is null ? throw new EntrustmentNotFoundException(entrustmentId) : Forbidden.Because($"Entrustment {entrustmentId} is not of your court.");
    }

    private static async Task<Results<Ok<EntrustmentView>, ProblemHttpResult>> AnswerAsync(
        string entrustmentId, HttpContext http, IGrainFactory grains, Func<IEntrustedWorkGrain, Task<EntrustmentView>> answer)
    {
        var caller = Caller.From(http.User);
        var work = grains.GetGrain<IEntrustedWorkGrain>(entrustmentId);
        var view = await work.Get() ?? throw new EntrustmentNotFoundException(entrustmentId);
        return caller.CanActIn(view.ToCourt) && caller.Role is Roles.Judge or Roles.Chief
            ? TypedResults.Ok(await answer(work))
            : Forbidden.Because($"Only judges and the chief of {view.ToCourt} answer entrustments to it.");
    }

    private static async Task<Results<Ok<IReadOnlyList<EntrustmentSummary>>, ProblemHttpResult>> List(string courtId, HttpContext http, IGrainFactory grains) =>
        Caller.From(http.User).CanSee(courtId)
            ? TypedResults.Ok(await grains.GetGrain<ICourtEntrustmentsGrain>(courtId).List())
            : Forbidden.Because($"Only people of {courtId} and the command centre see its entrustments.");

    private static async Task<Results<Ok<PeerOutboxStatus[]>, ProblemHttpResult>> Peers(HttpContext http, IGrainFactory grains, PeerDirectory peers) =>
        Caller.From(http.User).Role is Roles.Chief or Roles.CommandCentre
            ? TypedResults.Ok(await Task.WhenAll(peers.Peers.Select(p => grains.GetGrain<IPeerOutboxGrain>(p.Id).GetStatus())))
            : Forbidden.Because("Only chiefs and the command centre see the peers' outboxes.");
}
