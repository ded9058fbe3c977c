namespace Coordination.Gateway.Auth;

/// <summary>A user who may get a token.</summary>
public sealed class UserAccount
{
    /// <summary>User id, e.g. <c>judge-wang</c>; a judge's id is their judge grain's key.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>The user's court; required except for the command centre.</summary>
    public string? CourtId { get; set; }
}

/// <summary>Token settings and users. Bound from the <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>Token issuer and audience. Default <c>coordination</c>.</summary>
    public string Issuer { get; set; } = "coordination";

    /// <summary>
    /// HMAC-SHA256 signing key, at least 32 characters. Default empty: the node creates a random key in
    /// <see cref="SigningKeyFile"/> on first start and keeps using it.
    /// </summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Where the generated signing key is kept when <see cref="SigningKey"/> is empty. Default data/signing.key.</summary>
    public string SigningKeyFile { get; set; } = "data/signing.key";

    /// <summary>How long issued tokens are valid. Default 12 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Where users' password hashes are kept (written by the <c>set-password</c> verb). Default data/passwords.json.</summary>
    public string PasswordsFile { get; set; } = "data/passwords.json";

    /// <summary>The users tokens can be issued for.</summary>
    public List<UserAccount> Users { get; set; } = [];
}
