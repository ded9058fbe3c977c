using Coordination.Actors;
using Coordination.Gateway.Auth;
using Coordination.Gateway.Parties;
using Coordination.Grains.Cases;
using Coordination.Grains.Judges;
using Coordination.Grains.Messages;
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
        var staff = app.MapGroup("/cases/{caseNumber}").WithTags("Messages").RequireAuthorization();
        staff.MapGet("/messages", (string caseNumber, HttpContext http, IGrainFactory grains) => ReadAsync(StaffAsync(caseNumber, http, grains, write: false), grains))
            .WithName("GetCaseMessages").WithSummary("The case's thread with the caller's unread count (people of the court, the command centre).");
        staff.MapPost("/messages", (string caseNumber, MessageRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store) =>
                PostAsync(StaffAsync(caseNumber, http, grains, write: true), request, grains, store, http.RequestAborted))
            .WithName("PostCaseMessage").WithSummary("The judge in charge or the chief writes in the thread; the parties are told by SMS.");
        staff.MapPut("/messages/read", (string caseNumber, ReadMark mark, HttpContext http, IGrainFactory grains) => MarkReadAsync(StaffAsync(caseNumber, http, grains, write: false), mark, grains))
            .WithName("MarkCaseMessagesRead").WithSummary("Marks the thread read up to a message for the caller.");
        staff.MapPost("/attachments", (string caseNumber, HttpContext http, IGrainFactory grains, AttachmentStore store) => UploadAsync(StaffAsync(caseNumber, http, grains, write: true), http, store))
            .WithName("UploadCaseAttachment").WithSummary("Stores a file (raw body; PDF, JPEG or PNG) for a message; answers its SHA-256.");
        staff.MapGet("/attachments/{sha256}", (string caseNumber, string sha256, HttpContext http, IGrainFactory grains, AttachmentStore store) =>
                DownloadAsync(StaffAsync(caseNumber, http, grains, write: false), sha256, grains, store, http.RequestAborted))
            .WithName("GetCaseAttachment").WithSummary("A file attached to a message of the case, checked against its SHA-256.");

        var party = app.MapGroup("/party/case").WithTags("Messages").RequireAuthorization().RequireRateLimiting(PartyApi.Policy);
        party.MapGet("/messages", (HttpContext http, IGrainFactory grains) => ReadAsync(PartyMember(http), grains))
            .WithName("GetPartyMessages").WithSummary("The party's case thread with their unread count.");
        party.MapPost("/messages", (MessageRequest request, HttpContext http, IGrainFactory grains, AttachmentStore store) => PostAsync(PartyMember(http), request, grains, store, http.RequestAborted))
            .WithName("PostPartyMessage").WithSummary("A party or their lawyer writes in their case's thread; the judge is prompted.");
        party.MapPut("/messages/read", (ReadMark mark, HttpContext http, IGrainFactory grains) => MarkReadAsync(PartyMember(http), mark, grains))
            .WithName("MarkPartyMessagesRead").WithSummary("Marks the thread read up to a message for the party.");
        party.MapPost("/attachments", (HttpContext http, AttachmentStore store) => UploadAsync(PartyMember(http), http, store))
            .WithName("UploadPartyAttachment").WithSummary("Stores a file (raw body; PDF, JPEG or PNG) for a message or a clue; answers its SHA-256.");
        party.MapGet("/attachments/{sha256}", (string sha256, HttpContext http, IGrainFactory grains, AttachmentStore store) =>
                DownloadAsync(PartyMember(http), sha256, grains, store, http.RequestAborted))
            .WithName("GetPartyAttachment").WithSummary("A file attached to a message of the party's case.");

        app.MapGet("/judges/me/messages", UnreadByCaseAsync).WithTags("Messages").RequireAuthorization(policy => policy.RequireRole(Roles.Judge))
            .WithName("GetMyUnreadMessages").WithSummary("Per case of the judge with messages: how many are unread and when the last came.");
        return app;
    }

    /// <summary>Who is using a thread, as what, or why not.</summary>
    private sealed record Member(string CaseNumber, string Actor, ProblemHttpResult? Refusal = null)
    {
        public static Member Refused(string reason) => new("", "", Forbidden.Because(reason));
    }

    private static async Task<Member> StaffAsync(string caseNumber, HttpContext http, IGrainFactory grains, bool write)
    {
        var caller = Caller.From(http.User);
        if (caller.Role == Roles.Party)
        {
            return Member.Refused("A party reads their own case's thread at /party/case/messages.");
        }

        var view = await grains.GetGrain<ICaseGrain>(caseNumber).Get();
        if (!caller.CanSee(view.CourtId))
        {
            return Member.Refused($"Case {caseNumber} belongs to another court.");
        }

        var writer = caller.CanActIn(view.CourtId) && (caller.Role == Roles.Chief || (caller.Role == Roles.Judge && caller.UserId == view.JudgeId));
        return write && !writer
            ? Member.Refused($"Only the judge in charge ({view.JudgeId ?? "none yet"}) or the chief writes in case {caseNumber}'s thread.")
            : new Member(caseNumber, caller.UserId);
    }

    private static Task<Member> PartyMember(HttpContext http) => Task.FromResult(
        PartyApi.PartyCase(http) is { } caseNumber
            ? new Member(caseNumber, Caller.From(http.User).UserId)
            : Member.Refused("Only a party signed in with a code uses this thread."));

    private static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> ReadAsync(Task<Member> access, IGrainFactory grains)
    {
        var member = await access;
        return member.Refusal ?? (Results<Ok<ThreadView>, ProblemHttpResult>)TypedResults.Ok(await grains.GetGrain<ICaseThreadGrain>(member.CaseNumber).Read(member.Actor));
    }

    private static async Task<Results<Ok<ThreadView>, ProblemHttpResult>> MarkReadAsync(Task<Member> access, ReadMark mark, IGrainFactory grains)
    {
        var member = await access;
        return member.Refusal ?? (Results<Ok<ThreadView>, ProblemHttpResult>)TypedResults.Ok(await grains.GetGrain<ICaseThreadGrain>(member.CaseNumber).MarkRead(member.Actor, mark.UpTo));
    }

    private static async Task<Results<Created<ThreadMessage>, ProblemHttpResult>> PostAsync(
        Task<Member> access, MessageRequest request, IGrainFactory grains, AttachmentStore store, CancellationToken cancellationToken)
    {
        var member = await access;
        if (member.Refusal is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors().OptionalText(request.ClientKey, "clientKey", 100);
        var attachments = await store.ResolveAsync(request.Attachments, "attachments", CaseInput.MaxAttachments, errors, cancellationToken);
        errors.ThrowIfAny();
        var message = await grains.GetGrain<ICaseThreadGrain>(member.CaseNumber).Post(member.Actor, new ThreadPost(request.Text, attachments, request.ClientKey));
        return TypedResults.Created((string?)null, message);
    }

    private static async Task<Results<Ok<StoredFile>, ProblemHttpResult>> UploadAsync(Task<Member> access, HttpContext http, AttachmentStore store)
    {
        var member = await access;
        if (member.Refusal is { } refusal)
        {
            return refusal;
        }

        return await ReceiveAsync(http, store);
    }

    /// <summary>Stores the request body as an attachment: 413 if too large, 415 if not PDF, JPEG or PNG.</summary>
    internal static async Task<Results<Ok<StoredFile>, ProblemHttpResult>> ReceiveAsync(HttpContext http, AttachmentStore store)
    {
        try
        {
            return TypedResults.Ok(await store.SaveAsync(http.Request.Body, http.Request.ContentType, http.RequestAborted));
        }
        catch (AttachmentTooLargeException tooLarge)
        {
            return TypedResults.Problem(title: "The file is too large.", detail: tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (AttachmentTypeException wrongType)
        {
            return TypedResults.Problem(title: "The file type is not accepted.", detail: wrongType.Message, statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Task<Member> access, string sha256, IGrainFactory grains, AttachmentStore store, CancellationToken cancellationToken)
    {
        var member = await access;
        if (member.Refusal is { } refusal)
        {
            return refusal;
        }

        var attachment = await grains.GetGrain<ICaseThreadGrain>(member.CaseNumber).FindAttachment(sha256);
        var content = attachment is null ? null : await store.OpenAsync(attachment.Sha256, cancellationToken);
        return content is null
            ? TypedResults.Problem(title: "No such file.", detail: $"No message of case {member.CaseNumber} carries a file with SHA-256 {sha256}.", statusCode: StatusCodes.Status404NotFound)
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
