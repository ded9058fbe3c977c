using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
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
        app.MapPost("/cases/{caseNumber}/entrustments", Create).WithTags("Entrustment").WithName("EntrustWork")
            .WithSummary("Entrusts work of the case to another court (the case's judge or the chief); sent through the peer's outbox.")
            .RequireAccess(Resources.Case, "entrust");
        var entrustments = app.MapGroup("/entrustments/{entrustmentId}").WithTags("Entrustment");
        entrustments.MapGet("/", Get).WithName("GetEntrustment").WithSummary("An entrustment with its history and open limits, from this court's side.")
            .RequireAccess(Resources.Entrustment, "read");
        var answers = entrustments.MapGroup("").RequireAccess(Resources.EntrustedWork, "answer");
        answers.MapPost("/accept", (string entrustmentId, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, grains, w => w.Accept(Caller.From(http.User).UserId))).WithName("AcceptEntrustment").WithSummary("The entrusted court takes the work on.");
        answers.MapPost("/refuse", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, grains, w => w.Refuse(report, Caller.From(http.User).UserId))).WithName("RefuseEntrustment").WithSummary("The entrusted court declines, with the reason.");
        answers.MapPost("/progress", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, grains, w => w.ReportProgress(report, Caller.From(http.User).UserId))).WithName("ReportEntrustmentProgress").WithSummary("Progress or status, with documents.");
        answers.MapPost("/complete", (string entrustmentId, EntrustmentReport report, HttpContext http, IGrainFactory grains) =>
            AnswerAsync(entrustmentId, grains, w => w.Complete(report, Caller.From(http.User).UserId))).WithName("CompleteEntrustment").WithSummary("The result, with documents.");
        app.MapGet("/courts/{courtId}/entrustments", List).WithTags("Entrustment").WithName("ListCourtEntrustments")
            .WithSummary("The court's entrustments both ways (people of the court, the command centre).")
            .RequireAccess(Resources.Court, "read-activity");
        app.MapGet("/peers/courts", PeerCourts).WithTags("Entrustment").WithName("GetPeerCourts")
            .WithSummary("The courts other deployments serve, which work can be entrusted to, with the peer serving each.")
            .RequireAccess(Resources.Deployment, "list-courts");
        app.MapGet("/peers", Peers).WithTags("Entrustment").WithName("GetPeers")
            .WithSummary("Each peer's outbox: messages waiting, the oldest's age, the last error (chiefs, command centre).")
            .RequireAccess(Resources.Deployment, "read-peers");
        return app;
    }

    private static async Task<Created<EntrustmentView>> Create(string caseNumber, EntrustmentOrder order, HttpContext http, IGrainFactory grains)
    {
        var id = $"{AccessFilter.Granted<CaseResource>(http).CourtId}-ent-{Guid.NewGuid().ToString("N")[..12]}";
        var view = await grains.GetGrain<IEntrustmentGrain>(id).Create(caseNumber, order, Caller.From(http.User).UserId);
        return TypedResults.Created($"/entrustments/{id}", view);
    }

    /// <summary>The side of the caller's court: the entrusting side if it is theirs (the command centre sees that one first), else the entrusted side.</summary>
    private static async Task<Ok<EntrustmentView>> Get(string entrustmentId, HttpContext http, IGrainFactory grains)
    {
        var caller = Caller.From(http.User);
        var outgoing = await grains.GetGrain<IEntrustmentGrain>(entrustmentId).Get();
        return TypedResults.Ok(outgoing is not null && caller.CanSee(outgoing.FromCourt)
            ? outgoing
            : await grains.GetGrain<IEntrustedWorkGrain>(entrustmentId).Get() ?? throw new EntrustmentNotFoundException(entrustmentId));
    }

    private static async Task<Ok<EntrustmentView>> AnswerAsync(string entrustmentId, IGrainFactory grains, Func<IEntrustedWorkGrain, Task<EntrustmentView>> answer) =>
        TypedResults.Ok(await answer(grains.GetGrain<IEntrustedWorkGrain>(entrustmentId)));

    private static async Task<Ok<IReadOnlyList<EntrustmentSummary>>> List(string courtId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtEntrustmentsGrain>(courtId).List());

    private static Ok<PeerCourt[]> PeerCourts(PeerDirectory peers) =>
        TypedResults.Ok(peers.Peers.SelectMany(p => p.Courts.Select(court => new PeerCourt(court, p.Id))).OrderBy(c => c.CourtId, StringComparer.Ordinal).ToArray());

    private static async Task<Ok<PeerOutboxStatus[]>> Peers(IGrainFactory grains, PeerDirectory peers) =>
        TypedResults.Ok(await Task.WhenAll(peers.Peers.Select(p => grains.GetGrain<IPeerOutboxGrain>(p.Id).GetStatus())));
}

/// <summary>A court another deployment serves: work of a case can be entrusted to it.</summary>
/// <param name="CourtId">The court.</param>
/// <param name="PeerId">The deployment (peer) serving it.</param>
public sealed record PeerCourt(string CourtId, string PeerId);
