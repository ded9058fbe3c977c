namespace Coordination.Gateway;

/// <summary>How much one caller may ask (the <c>Limits</c> section).</summary>
public sealed class LimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Limits";

    /// <summary>Requests per minute per signed-in user, or per address for anonymous callers. Default 600.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Signed requests per minute per peer key on the peer inbox. Default 300.</summary>
    public int PeerRequestsPerMinute { get; set; } = 300;

    /// <summary>Sign-in attempts per minute per address, counted cluster-wide. Default 10.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>
    /// Wrong passwords per user name, from any address, counted cluster-wide within <see cref="WrongPasswordWindow"/>;
    /// once reached, the name's sign-ins are refused (429) until the window ends, even with the right password. Default 10.
    /// </summary>
    public int WrongPasswordsPerUser { get; set; } = 10;

    /// <summary>The window of <see cref="WrongPasswordsPerUser"/>, from the first wrong password. Default 15 minutes.</summary>
    public TimeSpan WrongPasswordWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Party look-up and code requests per minute per address. Default 20.</summary>
    public int PartyRequestsPerMinute { get; set; } = 20;

    /// <summary>Largest request body, bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
