using Coordination.Grains.Hosting;
using Orleans.Runtime;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Notifications;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Parties;

/// <summary>Who a verified party is.</summary>
/// <param name="CaseNumber">Their case.</param>
/// <param name="Recipient">Their place in the filing (see <see cref="CaseRoles"/>), e.g. <c>a0</c> or <c>d0.lawyer</c>.</param>
/// <param name="Name">Their name.</param>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Parties.PartyIdentity")]
public sealed record PartyIdentity([Id(0)] string CaseNumber, [Id(1)] string Recipient, [Id(2)] string Name);

/// <summary>The case number, ID number and phone did not name a party of the case, or the code is wrong or spent; deliberately vague.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Parties.PartyNotRecognisedException")]
public sealed class PartyNotRecognisedException(ProblemText reason) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(0)]
    public ProblemText Reason { get; } = reason;
}

/// <summary>Too many codes asked for, or too many wrong codes: try again after <see cref="RetryAfter"/>.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Parties.PartyAccessLockedException")]
public sealed class PartyAccessLockedException(ProblemText reason, TimeSpan retryAfter) : Exception(reason.English), IHasProblemText
{
    /// <inheritdoc/>
    [Id(1)]
    public ProblemText Reason { get; } = reason;

    /// <summary>When to try again.</summary>
    [Id(0)]
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A party's way into their case (阳光执行), keyed "case number/ID number": case number, ID number and mobile must name a
/// party of the case; a six-digit code then goes by SMS to that mobile. A code lives 5 minutes and works once; five
/// wrong codes lock the door for 15 minutes; at most one code a minute and five an hour.
/// </summary>
[Alias("Coordination.Grains.Parties.IPartyAccessGrain")]
public interface IPartyAccessGrain : IGrainWithStringKey
{
    /// <summary>Sends a code if the mobile is the party's.</summary>
    [Alias("RequestCode")]
    Task RequestCode(string mobile);

    /// <summary>The party, if the code is right.</summary>
    [Alias("Verify")]
    Task<PartyIdentity> Verify(string code);
}

/// <summary>A party's access state: the code (see <see cref="OneTimeCodeState"/>) and whom it is for.</summary>
[GenerateSerializer, Alias("Coordination.Grains.Parties.PartyAccessState")]
public sealed class PartyAccessState : OneTimeCodeState
{
    /// <summary>Who the codes are for.</summary>
    [Id(0)]
    public PartyIdentity? Party { get; set; }
}

/// <inheritdoc cref="IPartyAccessGrain" />
[GrainType("party-access")]
public sealed class PartyAccessGrain([PersistentState("party-access")] IPersistentState<PartyAccessState> state, ISmsChannel sms, CourtDirectory courts)
    : CoordinationGrain, IPartyAccessGrain
{

    private PartyAccessState State => state.State;

    public async Task RequestCode(string mobile)
    {
        var now = TimeProvider.GetUtcNow();
        State.EnsureMaySend(now);
        var (caseNumber, idNumber) = KeyParts();
        CaseView theCase;
        try
        {
            theCase = await GrainFactory.GetGrain<ICaseGrain>(caseNumber).Get();
        }
        catch (CaseNotFoundException)
        {
            throw new PartyNotRecognisedException(ProblemText.Of("party.notAParty"));
        }

        var match = CaseRoles.Members(theCase.Filing).FirstOrDefault(m => m.IdNumber == idNumber && m.Mobile == mobile);
        if (match.Place is null)
        {
            throw new PartyNotRecognisedException(ProblemText.Of("party.notAParty"));
        }

        var code = State.Issue(now);
        State.Party = new PartyIdentity(caseNumber, match.Place, match.Name);
        await state.WriteStateAsync();
        var text = $"【{courts.NameOf(theCase.CourtId)}】您查询案件{caseNumber}的验证码为{code}，5分钟内有效。请勿告诉他人。";
        await sms.SendAsync(new Notice($"code~{GetPrimaryKeyString().Replace('/', '~')}~{now.ToUnixTimeMilliseconds()}", theCase.CourtId, caseNumber, null, 0, match.Name, mobile, text), CancellationToken.None);
    }

    public async Task<PartyIdentity> Verify(string code)
    {
        try
        {
            State.Verify(code, TimeProvider.GetUtcNow());
        }
        finally
        {
            await state.WriteStateAsync();
        }

        return State.Party!;
    }

    private (string CaseNumber, string IdNumber) KeyParts()
    {
        var key = GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }
}
