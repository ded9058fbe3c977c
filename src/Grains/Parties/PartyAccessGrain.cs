using System.Security.Cryptography;
using System.Text;
using Coordination.Actors;
using Coordination.Actors.Storage;
using Coordination.Grains.Cases;
using Coordination.Grains.Courts;
using Coordination.Grains.Notifications;

namespace Coordination.Grains.Parties;

/// <summary>Who a verified party is.</summary>
/// <param name="CaseNumber">Their case.</param>
/// <param name="Recipient">Applicant or debtor and their place in the filing, e.g. <c>a0</c>.</param>
/// <param name="Name">Their name.</param>
public sealed record PartyIdentity(string CaseNumber, string Recipient, string Name);

/// <summary>The case number, ID number and phone did not name a party of the case, or the code is wrong or spent; deliberately vague.</summary>
public sealed class PartyNotRecognisedException(string message) : Exception(message);

/// <summary>Too many codes asked for, or too many wrong codes: try again after <see cref="RetryAfter"/>.</summary>
public sealed class PartyAccessLockedException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>When to try again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// A party's way into their case (阳光执行), keyed "case number/ID number": case number, ID number and mobile must name a
/// party of the case; a six-digit code then goes by SMS to that mobile. A code lives 5 minutes and works once; five
/// wrong codes lock the door for 15 minutes; at most one code a minute and five an hour.
/// </summary>
public interface IPartyAccessGrain : IGrain
{
    /// <summary>Sends a code if the mobile is the party's.</summary>
    Task RequestCode(string mobile);

    /// <summary>The party, if the code is right.</summary>
    Task<PartyIdentity> Verify(string code);
}

/// <summary>A party's access state: only a hash of the code is kept.</summary>
public sealed class PartyAccessState
{
    /// <summary>SHA-256 of salt and code, hex; null when no code is open.</summary>
    public string? CodeHash { get; set; }

    /// <summary>The salt.</summary>
    public string? Salt { get; set; }

    /// <summary>When the open code expires.</summary>
    public DateTimeOffset CodeExpiresAt { get; set; }

    /// <summary>Wrong codes since the last right one.</summary>
    public int WrongTries { get; set; }

    /// <summary>Locked until then.</summary>
    public DateTimeOffset LockedUntil { get; set; }

    /// <summary>When codes were sent in the last hour.</summary>
    public List<DateTimeOffset> CodesSent { get; set; } = [];

    /// <summary>Who the codes are for.</summary>
    public PartyIdentity? Party { get; set; }
}

/// <inheritdoc cref="IPartyAccessGrain" />
[GrainType("party-access")]
public sealed class PartyAccessGrain([PersistentState("party-access")] IPersistentState<PartyAccessState> state, ISmsChannel sms, CourtDirectory courts)
    : Grain, IPartyAccessGrain
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(15);
    private const int MaxWrongTries = 5;
    private const int MaxCodesPerHour = 5;
    private const string NotRecognised = "The case number, ID number and mobile do not name a party of a case here.";

    private PartyAccessState State => state.State;

    public async Task RequestCode(string mobile)
    {
        var now = TimeProvider.GetUtcNow();
        State.CodesSent.RemoveAll(t => now - t > TimeSpan.FromHours(1));
        if ((State.CodesSent.Count > 0 && now - State.CodesSent[^1] < TimeSpan.FromMinutes(1)) || State.CodesSent.Count >= MaxCodesPerHour)
        {
            var wait = State.CodesSent.Count >= MaxCodesPerHour ? State.CodesSent[0] + TimeSpan.FromHours(1) - now : State.CodesSent[^1] + TimeSpan.FromMinutes(1) - now;
            throw new PartyAccessLockedException("A code was sent a moment ago; wait before asking for another.", wait);
        }

        var (caseNumber, idNumber) = KeyParts();
        CaseView theCase;
        try
        {
            theCase = await GrainFactory.GetGrain<ICaseGrain>(caseNumber).Get();
        }
        catch (CaseNotFoundException)
        {
            throw new PartyNotRecognisedException(NotRecognised);
        }

        var parties = theCase.Filing.Applicants.Select((p, i) => (Party: p, Recipient: $"a{i}")).Concat(theCase.Filing.Debtors.Select((p, i) => (Party: p, Recipient: $"d{i}")));
        var match = parties.FirstOrDefault(p => p.Party.IdNumber == idNumber && p.Party.Mobile == mobile);
        if (match.Party is null)
        {
            throw new PartyNotRecognisedException(NotRecognised);
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        State.Salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        State.CodeHash = Hash(State.Salt, code);
        State.CodeExpiresAt = now + CodeLifetime;
        State.CodesSent.Add(now);
        State.Party = new PartyIdentity(caseNumber, match.Recipient, match.Party.Name);
        await state.WriteStateAsync();
        var text = $"【{courts.NameOf(theCase.CourtId)}】您查询案件{caseNumber}的验证码为{code}，5分钟内有效。请勿告诉他人。";
        await sms.SendAsync(new Notice($"code~{GetPrimaryKeyString().Replace('/', '~')}~{now.ToUnixTimeMilliseconds()}", theCase.CourtId, caseNumber, null, 0, match.Party.Name, mobile, text), CancellationToken.None);
    }

    public async Task<PartyIdentity> Verify(string code)
    {
        var now = TimeProvider.GetUtcNow();
        if (State.LockedUntil > now)
        {
            throw new PartyAccessLockedException("Too many wrong codes; try again later.", State.LockedUntil - now);
        }

        if (State.CodeHash is null || now > State.CodeExpiresAt)
        {
            throw new PartyNotRecognisedException("No code is open, or it expired: ask for a new one.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(State.Salt!, code ?? "")), Encoding.ASCII.GetBytes(State.CodeHash)))
        {
            State.WrongTries++;
            if (State.WrongTries >= MaxWrongTries)
            {
                (State.LockedUntil, State.CodeHash, State.WrongTries) = (now + LockTime, null, 0);
            }

            await state.WriteStateAsync();
            throw new PartyNotRecognisedException("Wrong code.");
        }

        (State.CodeHash, State.WrongTries) = (null, 0);
        await state.WriteStateAsync();
        return State.Party!;
    }

    private (string CaseNumber, string IdNumber) KeyParts()
    {
        var key = GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        return (key[..slash], key[(slash + 1)..]);
    }

    private static string Hash(string salt, string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + code)));
}
