using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Gateway.Auth;

/// <summary>Signs tokens for configured users and supplies the key that validates them. Safe for concurrent use.</summary>
public sealed class TokenIssuer
{
    /// <summary>Claim type of the user's court.</summary>
    public const string CourtClaim = "court";

    /// <summary>Claim type of the user's role.</summary>
    public const string RoleClaim = "role";

    /// <summary>Claim type of the user's display name.</summary>
    public const string NameClaim = "name";

    private readonly AuthOptions _options;
    private readonly UserDirectory _users;
    private readonly TimeProvider _time;

    /// <summary>Loads or creates the signing key.</summary>
    public TokenIssuer(IOptions<AuthOptions> options, UserDirectory users, TimeProvider time)
    {
        _options = options.Value;
        _users = users;
        _time = time;
        SigningKey = new SymmetricSecurityKey(LoadKey(_options));
    }

    /// <summary>The key tokens are signed and validated with.</summary>
    public SecurityKey SigningKey { get; }

    /// <summary>The validation rules for tokens this issuer signs: HS256 only, lifetimes checked against the node's clock.</summary>
    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Issuer,
        IssuerSigningKey = SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = NameClaim,
        RoleClaimType = RoleClaim,
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now.AddMinutes(1)) && expires > now.AddMinutes(-1);
        },
    };

    /// <summary>Issues a token for the configured user <paramref name="userId"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such user is configured.</exception>
    public string Issue(string userId)
    {
        var user = _users.Find(userId)
            ?? throw new KeyNotFoundException($"No user '{userId}' is configured under Auth:Users (configured: {string.Join(", ", _users.All.Select(u => u.Id))}).");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, user.Id), new(NameClaim, user.Name), new(RoleClaim, user.Role) };
        if (user.CourtId is not null)
        {
            claims.Add(new Claim(CourtClaim, user.CourtId));
        }

        return Create(claims, _options.TokenLifetime);
    }

    /// <summary>How long a party's token lasts.</summary>
    public static readonly TimeSpan PartyTokenLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The claim naming a party's case.</summary>
    public const string CaseClaim = "case";

    /// <summary>Issues a short-lived token for a verified party: it reads their own case and nothing else.</summary>
    public string IssueParty(Grains.Parties.PartyIdentity party) => Create(
        [new(JwtRegisteredClaimNames.Sub, $"{Grains.Cases.CaseGrain.PartyActorPrefix}{party.CaseNumber}:{party.Recipient}"), new(NameClaim, party.Name), new(RoleClaim, Roles.Party), new(CaseClaim, party.CaseNumber)],
        PartyTokenLifetime);

    /// <summary>Claim prefix of a filer's subject: <c>filer:&lt;mobile&gt;</c>.</summary>
    public const string FilerPrefix = "filer:";

    /// <summary>Issues a short-lived token for someone who proved they hold <paramref name="mobile"/>: it files and follows their own applications.</summary>
    public string IssueFiler(string mobile) => Create([new(JwtRegisteredClaimNames.Sub, FilerPrefix + mobile), new(NameClaim, mobile), new(RoleClaim, Roles.Filer)], PartyTokenLifetime);

    private string Create(List<Claim> claims, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    private static byte[] LoadKey(AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            return Encoding.UTF8.GetBytes(options.SigningKey);
        }

        var path = Path.GetFullPath(options.SigningKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            try
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                file.Write(Encoding.UTF8.GetBytes(fresh));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process (the token command) created it first: use theirs.
            }
        }

        return Encoding.UTF8.GetBytes(File.ReadAllText(path).Trim());
    }
}
