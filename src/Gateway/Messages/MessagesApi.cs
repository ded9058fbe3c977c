using Orleans;
using Coordination.Gateway.Access;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Errors;
using Coordination.Gateway.Parties;
using Coordination.Grains.Cases;
using Coordination.Grains.Judges;
using Coordination.Grains.Messages;
using Coordination.Grains.Texts;
using Coordination.Grains.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Coordination.Gateway.Messages;

/// <summary>An uploaded file, by the SHA-256 its upload returned, and the name to show.</summary>
public sealed record FileRef(string Name, string Sha256);

/// <summary>A message to post.</summary>
/// <param name="Text">What to say (up to 2,000 characters); may be empty when files are attached.</param>
/// <param name="Attachments">Uploaded files to attach (at most 10).</param>
/// <param name="ClientKey">Optional key of the sender's choosing: a retry with the same key posts nothing new.</param>
public sealed record MessageRequest(string? Text, IReadOnlyList<FileRef>? Attachments, string? ClientKey);

/// <summary>Marks a thread read up to a message.</summary>
public sealed record ReadMark(long UpTo);

/// <summary>
/// The case thread (一案一群): staff under <c>/cases/{caseNumber}</c>, parties and their lawyers under <c>/party/case</c>
/// (their own case only). Files are uploaded first (raw body, PDF, JPEG or PNG) and then named in a message by the
/// SHA-256 the upload returned; every message is an entry of the case record and a party's message prompts the judge.
/// </summary>
public static class MessagesApi
{
    /// <summary>Maps the thread for staff, for parties, and the judge's unread counts.</summary>
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/cases/{caseNumber}").WithTags("Messages");
        staff.MapGet("/messages", (string caseNumber, HttpContext http, IGrainFactory grains) => ReadAsync(caseNumber, http, grains))
            .WithName("GetCaseMessages").WithSummary("The case's thread with the caller's unread count (people of the court, the command centre).")
            .RequireAccess(Resources.Case, "read");
        staff.MapPost("/messages", (string caseNumber, MessageRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store) => PostAsync(caseNumber, request, http, grains, store))
            .WithName("PostCaseMessage").WithSummary("The judge in charge or the chief writes in the thread; the parties are told by SMS.")
            .RequireAccess(Resources.Case, "write-thread");
        staff.MapPut("/messages/read", (string caseNumber, ReadMark mark, HttpContext http, IGrainFactory grains) => MarkReadAsync(caseNumber, mark, http, grains))
            .WithName("MarkCaseMessagesRead").WithSummary("Marks the thread read up to a message for the caller.")
            .RequireAccess(Resources.Case, "read");
        staff.MapPost("/attachments", (HttpContext http, AttachmentStore store) => ReceiveAsync(http, store))
            .WithName("UploadCaseAttachment").WithSummary("Stores a file (raw body; PDF, JPEG or PNG) for a message; answers its SHA-256.")
            .RequireAccess(Resources.Case, "write-thread");
        staff.MapGet("/attachments/{sha256}", (string caseNumber, string sha256, HttpContext http, IGrainFactory grains, AttachmentStore store) => DownloadAsync(caseNumber, sha256, grains, store, withClues: true, http.RequestAborted))
            .WithName("GetCaseAttachment").WithSummary("A file attached to a message or an applicant's clue of the case, checked against its SHA-256.")
            .RequireAccess(Resources.Case, "read");

        var party = app.MapGroup("/party/case").WithTags("Messages").RequireRateLimiting(PartyApi.Policy);
        party.MapGet("/messages", (HttpContext http, IGrainFactory grains) => ReadAsync(PartyCaseOf(http), http, grains))
            .WithName("GetPartyMessages").WithSummary("The party's case thread with their unread count.")
            .RequireAccess(Resources.PartyCase, "read");
        party.MapPost("/messages", (MessageRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store) => PostAsync(PartyCaseOf(http), request, http, grains, store))
            .WithName("PostPartyMessage").WithSummary("A party or their lawyer writes in their case's thread; the judge is prompted.")
            .RequireAccess(Resources.PartyCase, "write-thread");
        party.MapPut("/messages/read", (ReadMark mark, HttpContext http, IGrainFactory grains) => MarkReadAsync(PartyCaseOf(http), mark, http, grains))
            .WithName("MarkPartyMessagesRead").WithSummary("Marks the thread read up to a message for the party.")
            .RequireAccess(Resources.PartyCase, "read");
        party.MapPost("/attachments", (HttpContext http, AttachmentStore store) => ReceiveAsync(http, store))
            .WithName("UploadPartyAttachment").WithSummary("Stores a file (raw body; PDF, JPEG or PNG) for a message; answers its SHA-256.")
            .RequireAccess(Resources.PartyCase, "write-thread");
        party.MapGet("/attachments/{sha256}", (string sha256, HttpContext http, IGrainFactory grains, AttachmentStore store) => DownloadAsync(PartyCaseOf(http), sha256, grains, store, withClues: false, http.RequestAborted))
            .WithName("GetPartyAttachment").WithSummary("A file attached to a message of the party's case.")
            .RequireAccess(Resources.PartyCase, "read");

        app.MapGet("/judges/me/messages", UnreadByCaseAsync).WithTags("Messages")
            .WithName("GetMyUnreadMessages").WithSummary("Per case of the judge with messages: how many are unread and when the last came.")
            .RequireAccess(Resources.JudgeWork, "read");
        return app;
    }

    private static string PartyCaseOf(HttpContext http) => Caller.From(http.User).PartyCase!;

    private static async Task<Ok<ThreadView>> ReadAsync(string caseNumber, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseThreadGrain>(caseNumber).Read(Caller.From(http.User).UserId));

    private static async Task<Ok<ThreadView>> MarkReadAsync(string caseNumber, ReadMark mark, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseThreadGrain>(caseNumber).MarkRead(Caller.From(http.User).UserId, mark.UpTo));

    private static async Task<Created<ThreadMessage>> PostAsync(string caseNumber, MessageRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store)
    {
        var author = Caller.From(http.User).UserId;
        var errors = new FieldErrors().OptionalText(request.ClientKey, "clientKey", 100);
        var attachments = await store.ResolveAsync(request.Attachments, author, "attachments", CaseInput.MaxAttachments, errors, http.RequestAborted);
        errors.ThrowIfAny();
        var message = await grains.GetGrain<ICaseThreadGrain>(caseNumber).Post(author, new ThreadPost(request.Text, attachments, request.ClientKey));
        return TypedResults.Created((string?)null, message);
    }

    /// <summary>Stores the request body as an attachment uploaded by the caller: 413 if too large, 415 if not PDF, JPEG or PNG.</summary>
    internal static async Task<Results<Ok<StoredFile>, ProblemHttpResult>> ReceiveAsync(HttpContext http, AttachmentStore store)
    {
        try
        {
            return TypedResults.Ok(await store.SaveAsync(http.Request.Body, http.Request.ContentType, Caller.From(http.User).UserId, http.RequestAborted));
        }
        catch (AttachmentTooLargeException tooLarge)
        {
            return WordedProblem.Result(StatusCodes.Status413PayloadTooLarge, ProblemText.Of("message.title.fileTooLarge"), tooLarge.Reason);
        }
        catch (AttachmentTypeException wrongType)
        {
            return WordedProblem.Result(StatusCodes.Status415UnsupportedMediaType, ProblemText.Of("message.title.fileType"), wrongType.Reason);
        }
    }

    /// <summary>A file of the case's thread or, for staff (<paramref name="withClues"/>), of an applicant's clue: parties never see clue files, which are about the debtor.</summary>
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string caseNumber, string sha256, IGrainFactory grains, AttachmentStore store, bool withClues, CancellationToken cancellationToken)
    {
        var attachment = await grains.GetGrain<ICaseThreadGrain>(caseNumber).FindAttachment(sha256);
        if (attachment is null && withClues)
        {
            attachment = (await grains.GetGrain<ICaseGrain>(caseNumber).Get()).Clues.Values.Select(c => c.Attachment)
                .FirstOrDefault(a => a is not null && string.Equals(a.Sha256, sha256, StringComparison.OrdinalIgnoreCase));
        }

        var content = attachment is null ? null : await store.OpenAsync(attachment.Sha256, cancellationToken);
        return content is null
            ? WordedProblem.Result(StatusCodes.Status404NotFound, ProblemText.Of("message.title.noFile"), ProblemText.Of("message.noFile", ("caseNumber", caseNumber), ("sha256", sha256)))
            : TypedResults.Stream(content, attachment!.ContentType, attachment.Name);
    }

    private static async Task<Ok<ThreadUnread[]>> UnreadByCaseAsync(HttpContext http, IGrainFactory grains)
    {
        var judge = Caller.From(http.User).UserId;
        var cases = await grains.GetGrain<IJudgeGrain>(judge).GetCaseload();
        var counts = await Task.WhenAll(cases.Where(c => c.Messages > 0).Select(c => grains.GetGrain<ICaseThreadGrain>(c.CaseNumber).Unread(judge)));
        return TypedResults.Ok(counts.OrderByDescending(c => c.Unread).ThenByDescending(c => c.LastMessageAt).ToArray());
    }
}
