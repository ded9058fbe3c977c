using System.Globalization;
using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Messages;
using Coordination.Gateway.Streams;
using Coordination.Grains.Cases;
using Coordination.Grains.Changes;
using Coordination.Grains.Courts;
using Coordination.Grains.Parties;
using Coordination.Grains.Texts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Parties;

/// <summary>A party asks for a code.</summary>
public sealed record PartyCodeRequest(string CaseNumber, string IdNumber, string Mobile);

/// <summary>A party signs in with the code.</summary>
public sealed record PartyTokenRequest(string CaseNumber, string IdNumber, string Code);

/// <summary>A party's token.</summary>
public sealed record PartyToken(string Token, DateTimeOffset ExpiresAt, string CaseNumber, string Name);

/// <summary>A property clue (财产线索) from an applicant.</summary>
/// <param name="Kind">What kind of property, e.g. 银行存款, 房产, 车辆.</param>
/// <param name="Description">Where and what.</param>
/// <param name="Attachment">A supporting file the applicant uploaded first (POST /party/case/attachments), if any.</param>
public sealed record PartyClue(string Kind, string Description, FileRef? Attachment);

/// <summary>One recorded step as a party sees it (no account numbers or other parties' details).</summary>
public sealed record PartyStep(long Sequence, DateTimeOffset At, CaseStepKind Kind, decimal? Amount, string? Result);

/// <summary>An open limit as a party sees it.</summary>
public sealed record PartyDeadline(string Title, DateOnly DueDate, string RuleId);

/// <summary>The request for the applicants' opinion before closing, as one party sees it.</summary>
/// <param name="Proposal">What closing the judge proposes.</param>
/// <param name="DueDate">The last day to answer.</param>
/// <param name="Answered">Whether this party (or the party their lawyer acts for) has answered.</param>
/// <param name="Agrees">Their answer, if any.</param>
/// <param name="Settled">Whether the round is over (everyone answered, or the window ended).</param>
public sealed record PartyOpinion(string? Proposal, DateOnly DueDate, bool Answered, bool? Agrees, bool Settled);

/// <summary>An applicant's opinion before closing.</summary>
/// <param name="Agrees">Whether they agree with closing as proposed.</param>
/// <param name="Text">What they want to say (up to 2,000 characters).</param>
public sealed record PartyOpinionAnswer(bool? Agrees, string? Text);

/// <summary>What a party sees of their own case: progress, the judge's recorded actions, open limits, the case account, an open request for their opinion.</summary>
public sealed record PartyCaseView(
    string CaseNumber, string Court, CaseStatus Status, string? JudgeId, DateTimeOffset FiledAt, IReadOnlyList<PartyStep> Steps,
    IReadOnlyList<PartyDeadline> OpenDeadlines, decimal FundsReceived, decimal FundsPaidOut, decimal FundsHeld, PartyOpinion? Opinion);

/// <summary>
/// Case look-up for parties (阳光执行): case number, ID number and mobile, then a one-time code by SMS, give a 30-minute
/// party token that reads that one case and nothing else. Rate-limited per address.
/// </summary>
public static class PartyApi
{
    /// <summary>The rate-limit policy of the party endpoints.</summary>
    public const string Policy = "party";

    /// <summary>Maps <c>/party/codes</c>, <c>/party/tokens</c> and <c>/party/case</c>.</summary>
    public static IEndpointRouteBuilder MapPartyApi(this IEndpointRouteBuilder app)
    {
        var party = app.MapGroup("/party").WithTags("Parties").RequireRateLimiting(Policy);
        party.MapPost("/codes", RequestCode).AllowAnonymous().WithName("RequestPartyCode")
            .WithSummary("Sends a one-time code by SMS to the party's mobile, if case number, ID number and mobile name a party of the case.");
        party.MapPost("/tokens", SignIn).AllowAnonymous().WithName("PartySignIn")
            .WithSummary("A 30-minute token for the party's own case, for a right code (single use; five wrong codes lock for 15 minutes).");
        party.MapPost("/case/clues", SubmitClue).WithName("SubmitPropertyClue")
            .WithSummary("An applicant sends a property clue: it opens the 5-day verification limit and the judge is told.")
            .RequireAccess(Resources.ApplicantCase, "send-clue");
        party.MapPost("/case/opinion", GiveOpinion).WithName("GivePartyOpinion")
            .WithSummary("An applicant (or their lawyer) answers the judge's request for an opinion before closing; the judge is told.")
            .RequireAccess(Resources.ApplicantCase, "give-opinion");
        party.MapGet("/case", GetCase).WithName("GetPartyCase")
            .WithSummary("The party's own case: progress, recorded actions, open limits, the case account.")
            .RequireAccess(Resources.PartyCase, "read");
        app.MapGet("/streams/party/case", (HttpContext http, IClusterClient client) => StreamEvents.Changes(client, ChangeStreams.Case(Caller.From(http.User).PartyCase!), http))
            .WithTags("Streams").WithName("StreamPartyCase")
            .WithSummary("SSE: a `changed` event whenever the party's case changes (a step, a limit, the account, a message); read GET /party/case again.")
            .RequireAccess(Resources.PartyCase, "read");
        return app;
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RequestCode(PartyCodeRequest request, HttpContext http, IGrainFactory grains)
    {
        if (Access(grains, request.CaseNumber, request.IdNumber) is not { } access)
        {
            return NotRecognised(ProblemText.Of("party.giveIdentity"));
        }

        try
        {
            await access.RequestCode(request.Mobile ?? "");
            return TypedResults.Accepted((string?)null);
        }
        catch (Exception exception) when (exception is PartyNotRecognisedException or PartyAccessLockedException)
        {
            return Refused(http, exception);
        }
    }

    private static async Task<Results<Ok<PartyToken>, ProblemHttpResult>> SignIn(PartyTokenRequest request, HttpContext http, IGrainFactory grains, TokenIssuer issuer, TimeProvider time)
    {
        if (Access(grains, request.CaseNumber, request.IdNumber) is not { } access)
        {
            return NotRecognised(ProblemText.Of("party.giveIdentity"));
        }

        try
        {
            var party = await access.Verify(request.Code);
            return TypedResults.Ok(new PartyToken(issuer.IssueParty(party), time.GetUtcNow() + TokenIssuer.PartyTokenLifetime, party.CaseNumber, party.Name));
        }
        catch (Exception exception) when (exception is PartyNotRecognisedException or PartyAccessLockedException)
        {
            return Refused(http, exception);
        }
    }

    private static async Task<Ok<PartyCaseView>> GetCase(HttpContext http, IGrainFactory grains, CourtDirectory courts)
    {
        var caller = Caller.From(http.User);
        var caseNumber = caller.PartyCase!;
        var grain = grains.GetGrain<ICaseGrain>(caseNumber);
        var view = await grain.Get();
        var steps = (await grain.GetRecord()).Select(e => new PartyStep(e.Sequence, e.At, e.Kind, e.Step?.Amount, e.Step?.Result)).ToList();
        var answer = view.Opinion?.Answers.GetValueOrDefault(CaseRoles.PartyOf(caller.PartyPlace!));
        var opinion = view.Opinion is { } round ? new PartyOpinion(round.Proposal, round.DueDate, answer is not null, answer?.Agrees, round.SettledAt is not null) : null;
        return TypedResults.Ok(new PartyCaseView(caseNumber, courts.NameOf(view.CourtId), view.Status, view.JudgeId, view.FiledAt, steps,
            [.. view.Deadlines.Select(d => new PartyDeadline(d.Deadline.Title, d.Deadline.DueDate, d.Deadline.RuleId))], view.FundsReceived, view.FundsPaidOut, view.FundsHeld, opinion));
    }

    private static async Task<Ok<PartyCaseView>> GiveOpinion(PartyOpinionAnswer answer, HttpContext http, IGrainFactory grains, CourtDirectory courts)
    {
        var caller = Caller.From(http.User);
        await grains.GetGrain<ICaseGrain>(caller.PartyCase!).RecordStep(
            new CaseStep(CaseStepKind.OpinionGiven, Target: CaseRoles.PartyOf(caller.PartyPlace!), Agrees: answer.Agrees, Result: answer.Text), caller.UserId);
        return await GetCase(http, grains, courts);
    }

    private static async Task<Ok<PartyCaseView>> SubmitClue(PartyClue clue, HttpContext http, IGrainFactory grains, CourtDirectory courts, AttachmentStore store)
    {
        var caller = Caller.From(http.User);
        var errors = new Grains.Validation.FieldErrors().Text(clue.Kind, "kind", 50).Text(clue.Description, "description", 2000);
        var attachment = clue.Attachment is { } named ? await store.ResolveAsync(named, caller.UserId, "attachment", errors, http.RequestAborted) : null;
        errors.ThrowIfAny();
        await grains.GetGrain<ICaseGrain>(caller.PartyCase!).RecordStep(
            new CaseStep(CaseStepKind.ClueReceived, Note: $"[{clue.Kind}] {clue.Description}", Attachments: attachment is null ? null : [attachment]), caller.UserId);
        return await GetCase(http, grains, courts);
    }

    /// <summary>The party's sign-in grain; null unless both the case number and the ID number are given, and not too long.</summary>
    private static IPartyAccessGrain? Access(IGrainFactory grains, string? caseNumber, string? idNumber) =>
        string.IsNullOrWhiteSpace(caseNumber) || string.IsNullOrWhiteSpace(idNumber) || caseNumber.Length > 64 || idNumber.Length > 18
            ? null
            : grains.GetGrain<IPartyAccessGrain>($"{caseNumber}/{idNumber.ToUpperInvariant()}");

    /// <summary>429 with Retry-After for a lock, else 401 with the (deliberately vague) reason.</summary>
    internal static ProblemHttpResult Refused(HttpContext http, Exception exception)
    {
        var reason = ((IHasProblemText)exception).Reason; // both party refusals carry theirs
        if (exception is PartyAccessLockedException locked)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(locked.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return WordedProblem.Result(StatusCodes.Status429TooManyRequests, ProblemText.Of("party.title.tryLater"), reason);
        }

        return NotRecognised(reason);
    }

    /// <summary>401: the caller is not recognised as a party (or a filer), for <paramref name="reason"/>.</summary>
    internal static ProblemHttpResult NotRecognised(ProblemText reason) =>
        WordedProblem.Result(StatusCodes.Status401Unauthorized, ProblemText.Of("party.title.notRecognised"), reason);
}
