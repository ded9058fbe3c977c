using System.Security.Cryptography;
using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Messages;
using Coordination.Gateway.Parties;
using Coordination.Gateway.Streams;
using Coordination.Grains.Cases;
using Coordination.Grains.Changes;
using Coordination.Grains.Filing;
using Coordination.Grains.Parties;
using Coordination.Grains.Texts;
using Coordination.Grains.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Filing;

/// <summary>Asks for a sign-in code for online filing.</summary>
public sealed record FilerCodeRequest(string CourtId, string Mobile);

/// <summary>Signs in to online filing with the code.</summary>
public sealed record FilerTokenRequest(string Mobile, string Code);

/// <summary>A filer's token.</summary>
public sealed record FilerToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>An application as the applicant sends it: documents are named by the SHA-256 their upload returned.</summary>
public sealed record FilingApplicationRequest(
    string CourtId, CaseKind Kind, IReadOnlyList<Party> Applicants, IReadOnlyList<Party> Debtors, decimal AmountClaimed, string BasisDocument, IReadOnlyList<FileRef>? Documents);

/// <summary>
/// Online filing with correction (网上立案, 补正): an applicant proves they hold their mobile with a code, uploads the
/// documents, submits the application and follows it; the court's clerk works the queue and opens the case, refuses
/// with a reason or sends the application back naming what is missing; the applicant corrects and resubmits.
/// </summary>
public static class FilingApi
{
    /// <summary>Maps <c>/filings</c>, <c>/courts/{courtId}/filings</c> and their change streams.</summary>
    public static IEndpointRouteBuilder MapFilingApi(this IEndpointRouteBuilder app)
    {
        var filings = app.MapGroup("/filings").WithTags("Online filing");
        var signIn = filings.MapGroup("").RequireRateLimiting(PartyApi.Policy).AllowAnonymous();
        signIn.MapPost("/codes", RequestCode).WithName("RequestFilerCode").WithSummary("Sends a sign-in code to the mobile (one a minute, five an hour).");
        signIn.MapPost("/tokens", SignIn).WithName("FilerSignIn").WithSummary("A 30-minute token for online filing, for a right code (single use; five wrong codes lock for 15 minutes).");

        var filer = filings.MapGroup("").RequireRateLimiting(PartyApi.Policy);
        filer.MapPost("/attachments", MessagesApi.ReceiveAsync).WithName("UploadFilingDocument")
            .WithSummary("Stores a document (raw body; PDF, JPEG or PNG); answers its SHA-256 to name in the application.")
            .RequireAccess(Resources.OwnFilings, "submit");
        filer.MapPost("/", Submit).WithName("SubmitFiling").WithSummary("Submits an application; the applicant is told by SMS when the court will decide.")
            .RequireAccess(Resources.OwnFilings, "submit");
        filer.MapGet("/", ListMine).WithName("ListMyFilings").WithSummary("The filer's applications with their states, newest first.")
            .RequireAccess(Resources.OwnFilings, "read");
        filer.MapPut("/{id}", Resubmit).WithName("ResubmitFiling").WithSummary("Submits the corrected application after the clerk sent it back.")
            .RequireAccess(Resources.Filing, "resubmit");

        var either = filings.MapGroup("/{id}");
        either.MapGet("/", Get).WithName("GetFiling").WithSummary("The application and its history (its filer, or the clerks and chief of its court).")
            .RequireAccess(Resources.Filing, "read");
        either.MapGet("/documents/{sha256}", GetDocument).WithName("GetFilingDocument").WithSummary("A document of the application, checked against its SHA-256.")
            .RequireAccess(Resources.Filing, "read");
        either.MapPost("/decision", Decide).WithName("DecideFiling")
            .WithSummary("The clerk or chief opens the case (Accept, with caseNumber), sends the application back (RequestCorrection, with missing) or refuses it (Refuse, with reason).")
            .RequireAccess(Resources.Filing, "decide");

#pragma warning disable RDG002 // bound at run time on purpose: see BoundAtRuntime
        app.MapGet("/courts/{courtId}/filings", BoundAtRuntime.Handler(Queue)).WithTags("Online filing").WithName("GetFilingQueue")
            .WithSummary("The court's applications (?status=Submitted for the clerk's queue), each with the last day to decide.")
            .RequireAccess(Resources.Court, "read-filings");
#pragma warning restore RDG002

        app.MapGet("/streams/filings", (HttpContext http, IClusterClient client) => StreamEvents.Changes(client, ChangeStreams.Filer(Caller.From(http.User).FilerMobile!), http))
            .WithTags("Streams").WithName("StreamMyFilings").RequireAccess(Resources.OwnFilings, "read")
            .WithSummary("SSE: a `changed` event whenever one of the filer's applications changes; read GET /filings again.");
        app.MapGet("/streams/courts/{courtId}/filings", (string courtId, HttpContext http, IClusterClient client) => StreamEvents.Changes(client, ChangeStreams.FilingQueue(courtId), http))
            .WithTags("Streams").WithName("StreamFilingQueue").RequireAccess(Resources.Court, "read-filings")
            .WithSummary("SSE: a `changed` event whenever an application of the court's queue changes; read GET /courts/{courtId}/filings again.");
        return app;
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RequestCode(FilerCodeRequest request, HttpContext http, IGrainFactory grains)
    {
        new FieldErrors().Text(request.CourtId, "courtId", 32)
            .Check(PartyRules.IsMobile(request.Mobile), "mobile", "filing.mobile").ThrowIfAny();
        try
        {
            await grains.GetGrain<IFilerGrain>(request.Mobile).RequestCode(request.CourtId);
            return TypedResults.Accepted((string?)null);
        }
        catch (PartyAccessLockedException locked)
        {
            return PartyApi.Refused(http, locked);
        }
    }

    private static async Task<Results<Ok<FilerToken>, ProblemHttpResult>> SignIn(FilerTokenRequest request, HttpContext http, IGrainFactory grains, TokenIssuer issuer, TimeProvider time)
    {
        if (!PartyRules.IsMobile(request.Mobile))
        {
            return PartyApi.NotRecognised(ProblemText.Of("filing.giveMobile"));
        }

        try
        {
            await grains.GetGrain<IFilerGrain>(request.Mobile).Verify(request.Code);
            return TypedResults.Ok(new FilerToken(issuer.IssueFiler(request.Mobile), time.GetUtcNow() + TokenIssuer.PartyTokenLifetime));
        }
        catch (Exception exception) when (exception is PartyNotRecognisedException or PartyAccessLockedException)
        {
            return PartyApi.Refused(http, exception);
        }
    }

    private static async Task<Created<ApplicationView>> Submit(FilingApplicationRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store)
    {
        var courtId = request.CourtId is { Length: > 0 and <= 32 } id && id.All(char.IsAsciiLetterOrDigit) ? id : "XX";
        var application = await ToApplicationAsync(request, http, store);
        var number = $"{courtId}-W{Convert.ToHexString(RandomNumberGenerator.GetBytes(5))}";
        var view = await grains.GetGrain<IFilingApplicationGrain>(number).Submit(Caller.From(http.User).FilerMobile!, application);
        return TypedResults.Created($"/filings/{number}", view);
    }

    private static async Task<Ok<ApplicationView>> Resubmit(string id, FilingApplicationRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store)
    {
        var application = await ToApplicationAsync(request, http, store);
        return TypedResults.Ok(await grains.GetGrain<IFilingApplicationGrain>(id).Resubmit(Caller.From(http.User).FilerMobile!, application));
    }

    private static async Task<Ok<ApplicationView[]>> ListMine(HttpContext http, IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IFilerGrain>(Caller.From(http.User).FilerMobile!).GetApplications();
        return TypedResults.Ok(await Task.WhenAll(ids.Select(id => grains.GetGrain<IFilingApplicationGrain>(id).Get())));
    }

    private static async Task<Ok<ApplicationView>> Get(string id, IGrainFactory grains) => TypedResults.Ok(await grains.GetGrain<IFilingApplicationGrain>(id).Get());

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetDocument(string id, string sha256, HttpContext http, IGrainFactory grains, AttachmentStore store)
    {
        var view = await grains.GetGrain<IFilingApplicationGrain>(id).Get();
        var document = view.Application.Documents.FirstOrDefault(d => string.Equals(d.Sha256, sha256, StringComparison.OrdinalIgnoreCase));
        var content = document is null ? null : await store.OpenAsync(document.Sha256, http.RequestAborted);
        return content is null
            ? WordedProblem.Result(StatusCodes.Status404NotFound, ProblemText.Of("filing.title.noDocument"), ProblemText.Of("filing.noDocument", ("id", id), ("sha256", sha256)))
            : TypedResults.Stream(content, document!.ContentType, document.Name);
    }

    private static async Task<Ok<ApplicationView>> Decide(string id, FilingDecision decision, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IFilingApplicationGrain>(id).Decide(decision, Caller.From(http.User).UserId));

    private static async Task<Ok<IReadOnlyList<ApplicationSummary>>> Queue(string courtId, ApplicationStatus? status, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICourtFilingsGrain>(courtId).List(status));

    /// <summary>The application with its documents, each of which the filer must have uploaded.</summary>
    private static async Task<FilingApplication> ToApplicationAsync(FilingApplicationRequest request, HttpContext http, AttachmentStore store)
    {
        var errors = new FieldErrors();
        var documents = await store.ResolveAsync(request.Documents, Caller.From(http.User).UserId, "documents", CaseInput.MaxDocuments, errors, http.RequestAborted);
        errors.ThrowIfAny();
        return new FilingApplication(request.CourtId, request.Kind, request.Applicants, request.Debtors, request.AmountClaimed, request.BasisDocument, documents);
    }
}
