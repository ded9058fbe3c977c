using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coordination.Grains.Texts;

namespace Coordination.Grains.Parties;

/// <summary>
/// A one-time code sent by SMS, as kept by the grain that sends it: only a salted hash of the code is stored. A code
/// lives 5 minutes and works once; five wrong codes lock for 15 minutes; at most one code a minute and five an hour.
/// </summary>
[GenerateSerializer, Alias("Coordination.Grains.Parties.OneTimeCodeState")]
public class OneTimeCodeState
{
    /// <summary>How long a code works.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long five wrong codes lock the door.</summary>
    public static readonly TimeSpan LockTime = TimeSpan.FromMinutes(15);

    private const int MaxWrongTries = 5;
    private const int MaxCodesPerHour = 5;

    /// <summary>SHA-256 of salt and code, hex; null when no code is open.</summary>
    [Id(0)]
    public string? CodeHash { get; set; }

    /// <summary>The salt.</summary>
    [Id(1)]
    public string? Salt { get; set; }

    /// <summary>When the open code expires.</summary>
    [Id(2)]
    public DateTimeOffset CodeExpiresAt { get; set; }

    /// <summary>Wrong codes since the last right one.</summary>
    [Id(3)]
    public int WrongTries { get; set; }

    /// <summary>Locked until then.</summary>
    [Id(4)]
    public DateTimeOffset LockedUntil { get; set; }

    /// <summary>When codes were sent in the last hour.</summary>
    [Id(5)]
    public List<DateTimeOffset> CodesSent { get; set; } = [];

    /// <summary>Refuses with <see cref="PartyAccessLockedException"/> if a code was sent less than a minute ago or five in the last hour.</summary>
    public void EnsureMaySend(DateTimeOffset now)
    {
        CodesSent.RemoveAll(t => now - t > TimeSpan.FromHours(1));
        if (CodesSent.Count >= MaxCodesPerHour)
        {
            throw new PartyAccessLockedException(ProblemText.Of("party.codesPerHour"), CodesSent[0] + TimeSpan.FromHours(1) - now);
        }

        if (CodesSent.Count > 0 && now - CodesSent[^1] < TimeSpan.FromMinutes(1))
        {
            throw new PartyAccessLockedException(ProblemText.Of("party.codeJustSent"), CodesSent[^1] + TimeSpan.FromMinutes(1) - now);
        }
    }

    /// <summary>Opens a new code and answers it; the caller stores the state, then sends the code.</summary>
    public string Issue(DateTimeOffset now)
    {
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        Salt = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        CodeHash = Hash(Salt, code);
        CodeExpiresAt = now + CodeLifetime;
        CodesSent.Add(now);
        return code;
    }

    /// <summary>
    /// Checks <paramref name="code"/>; the caller stores the state whatever the outcome. Throws <see cref="PartyAccessLockedException"/>
    /// while locked and <see cref="PartyNotRecognisedException"/> for a wrong, spent or expired code.
    /// </summary>
    public void Verify(string? code, DateTimeOffset now)
    {
        if (LockedUntil > now)
        {
            throw new PartyAccessLockedException(ProblemText.Of("party.tooManyWrongCodes"), LockedUntil - now);
        }

        if (CodeHash is null || now > CodeExpiresAt)
        {
            throw new PartyNotRecognisedException(ProblemText.Of("party.noOpenCode"));
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(Salt!, code ?? "")), Encoding.ASCII.GetBytes(CodeHash)))
        {
            WrongTries++;
            if (WrongTries >= MaxWrongTries)
            {
                (LockedUntil, CodeHash, WrongTries) = (now + LockTime, null, 0);
            }

            throw new PartyNotRecognisedException(ProblemText.Of("party.wrongCode"));
        }

        (CodeHash, WrongTries) = (null, 0);
    }

    private static string Hash(string salt, string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(salt + code)));
}
