using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Messages;

/// <summary>One message in a case's thread.</summary>
/// <param name="Sequence">Its entry in the case record.</param>
/// <param name="At">When it was posted.</param>
/// <param name="From">Who wrote it: a staff user id, or a place in the filing (<c>a0</c>, <c>d0.lawyer</c>).</param>
/// <param name="Role"><c>court</c>, <c>applicant</c>, <c>debtor</c>, <c>applicant's lawyer</c> or <c>debtor's lawyer</c>.</param>
/// <param name="Name">The writer's name (a staff user's id).</param>
/// <param name="Text">What they wrote.</param>
/// <param name="Attachments">Files attached.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Messages.ThreadMessage")]
public sealed record ThreadMessage([Id(0)] long Sequence, [Id(1)] DateTimeOffset At, [Id(2)] string From, [Id(3)] string Role, [Id(4)] string Name, [Id(5)] string? Text, [Id(6)] IReadOnlyList<Attachment> Attachments);

/// <summary>A case's thread as one reader sees it.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Messages">Every message, oldest first.</param>
/// <param name="ReadUpTo">The last message the reader has read (a record sequence; 0 for none).</param>
/// <param name="Unread">Messages from others after <paramref name="ReadUpTo"/>.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Messages.ThreadView")]
public sealed record ThreadView([Id(0)] string CaseNumber, [Id(1)] IReadOnlyList<ThreadMessage> Messages, [Id(2)] long ReadUpTo, [Id(3)] int Unread);

/// <summary>How many messages a reader has not read in a case.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Messages.ThreadUnread")]
public sealed record ThreadUnread([Id(0)] string CaseNumber, [Id(1)] int Unread, [Id(2)] DateTimeOffset? LastMessageAt);

/// <summary>A message to post.</summary>
/// <param name="Text">The text, if any.</param>
/// <param name="Attachments">Files already in the attachment store.</param>
/// <param name="ClientKey">A key the sender chose: posting again with it (a retry) posts nothing new.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Messages.ThreadPost")]
public sealed record ThreadPost([Id(0)] string? Text, [Id(1)] IReadOnlyList<Attachment>? Attachments, [Id(2)] string? ClientKey);

/// <summary>What each reader has read.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Messages.CaseThreadState")]
public sealed class CaseThreadState
{
    /// <summary>Last message read, by reader (staff user id or <c>party:&lt;case&gt;:&lt;place&gt;</c>).</summary>
    [Id(0)]
    public Dictionary<string, long> ReadUpTo { get; set; } = [];
}

/// <summary>
/// A case's message thread (一案一群) between the court, the applicants, the debtors and their lawyers, keyed by case
/// number. The messages themselves are entries of the case record (<see cref="CaseStepKind.MessagePosted"/>), so every
/// message is in the dossier and nothing is stored twice; the thread reads the entries it has not seen yet before every
/// answer and keeps only who has read what.
/// </summary>
[Alias("Coordination.Grains.Messages.ICaseThreadGrain")]
public interface ICaseThreadGrain : IGrainWithStringKey
{
    /// <summary>Posts a message as <paramref name="author"/> (which also marks the thread read for them).</summary>
    [Alias("Post")]
    Task<ThreadMessage> Post(string author, ThreadPost post);

    /// <summary>The thread for <paramref name="reader"/>, with their unread count.</summary>
    [Alias("Read")]
    [ReadOnly]
    Task<ThreadView> Read(string reader);

    /// <summary>Marks messages up to <paramref name="sequence"/> read for <paramref name="reader"/>.</summary>
    [Alias("MarkRead")]
    Task<ThreadView> MarkRead(string reader, long sequence);

    /// <summary>How many messages <paramref name="reader"/> has not read.</summary>
    [Alias("Unread")]
    [ReadOnly]
    Task<ThreadUnread> Unread(string reader);

    /// <summary>The attachment with this SHA-256, if a message of this case carries it.</summary>
    [Alias("FindAttachment")]
    [ReadOnly]
    Task<Attachment?> FindAttachment(string sha256);
}

/// <inheritdoc cref="ICaseThreadGrain" />
[GrainType("case-thread")]
public sealed class CaseThreadGrain([PersistentState("case-thread")] IPersistentState<CaseThreadState> state) : CoordinationGrain, ICaseThreadGrain
{
    private readonly List<ThreadMessage> _messages = [];
    private readonly Dictionary<string, long> _sequenceByKey = [];
    private long _seenThrough;
    private CaseFiling? _filing;

    private ICaseGrain Case => GrainFactory.GetGrain<ICaseGrain>(GetPrimaryKeyString());

    public async Task<ThreadMessage> Post(string author, ThreadPost post)
    {
        var key = post.ClientKey is { } clientKey ? $"message:{author}:{clientKey}" : null;
        await Case.RecordStep(new CaseStep(CaseStepKind.MessagePosted, Note: post.Text, IdempotencyKey: key, Attachments: post.Attachments is { Count: > 0 } files ? files : null), author);
        await CatchUpAsync();
        var message = key is not null && _sequenceByKey.TryGetValue(key, out var sequence) ? _messages.First(m => m.Sequence == sequence) : _messages.Last(m => m.From == Place(author));
        await MarkAsync(author, message.Sequence);
        return message;
    }

    public async Task<ThreadView> Read(string reader)
    {
        await CatchUpAsync();
        return View(reader);
    }

    public async Task<ThreadView> MarkRead(string reader, long sequence)
    {
        await CatchUpAsync();
        await MarkAsync(reader, Math.Min(sequence, _messages.Count == 0 ? 0 : _messages[^1].Sequence));
        return View(reader);
    }

    public async Task<ThreadUnread> Unread(string reader)
    {
        await CatchUpAsync();
        return new ThreadUnread(GetPrimaryKeyString(), UnreadBy(reader), _messages.Count == 0 ? null : _messages[^1].At);
    }

    public async Task<Attachment?> FindAttachment(string sha256)
    {
        await CatchUpAsync();
        return _messages.SelectMany(m => m.Attachments).FirstOrDefault(a => string.Equals(a.Sha256, sha256, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Reads the record entries this activation has not seen; one read of the new entries only.</summary>
    private async Task CatchUpAsync()
    {
        var entries = await Case.GetRecordAfter(_seenThrough);
        foreach (var entry in entries)
        {
            if (entry.Kind == CaseStepKind.Filed)
            {
                _filing = entry.Filing;
            }
            else if (entry.Kind == CaseStepKind.MessagePosted)
            {
                var from = Place(entry.Actor);
                var party = entry.Actor.StartsWith(CaseGrain.PartyActorPrefix, StringComparison.Ordinal);
                _messages.Add(new ThreadMessage(entry.Sequence, entry.At, from, party ? CaseRoles.Describe(from) : "court", party ? NameOf(from) : from,
                    entry.Step!.Note, entry.Step.Attachments ?? []));
                if (entry.Step.IdempotencyKey is { } key)
                {
                    _sequenceByKey[key] = entry.Sequence;
                }
            }

            _seenThrough = entry.Sequence;
        }
    }

    private async Task MarkAsync(string reader, long sequence)
    {
        if (state.State.ReadUpTo.GetValueOrDefault(reader) < sequence)
        {
            state.State.ReadUpTo[reader] = sequence;
            await state.WriteStateAsync();
        }
    }

    private ThreadView View(string reader) => new(GetPrimaryKeyString(), [.. _messages], state.State.ReadUpTo.GetValueOrDefault(reader), UnreadBy(reader));

    private int UnreadBy(string reader)
    {
        var mark = state.State.ReadUpTo.GetValueOrDefault(reader);
        var self = Place(reader);
        return _messages.Count(m => m.Sequence > mark && m.From != self);
    }

    /// <summary>A party's actor <c>party:&lt;case&gt;:&lt;place&gt;</c> is shown as its place; staff as their user id.</summary>
    private static string Place(string actor) =>
        actor.StartsWith(CaseGrain.PartyActorPrefix, StringComparison.Ordinal) ? actor[(actor.LastIndexOf(':') + 1)..] : actor;

    private string NameOf(string place)
    {
        var member = CaseRoles.Members(_filing!).FirstOrDefault(m => m.Place == place);
        return member.Name ?? place;
    }
}
