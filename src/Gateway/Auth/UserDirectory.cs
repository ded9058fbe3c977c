using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Coordination.Gateway.Auth;

/// <summary>
/// The configured users (<c>Auth:Users</c>) as they stand now. The list is read again whenever the settings change
/// (appsettings.json is watched), so a user removed or given another role or court is refused at their next request.
/// Settings that fail validation are logged and the previous users kept. Safe for concurrent use.
/// </summary>
public sealed partial class UserDirectory : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ILogger<UserDirectory> _logger;
    private readonly IDisposable _subscription;
    private volatile Dictionary<string, UserAccount> _users;

    /// <summary>Starts from the validated start-up settings and follows later changes.</summary>
    public UserDirectory(IConfiguration configuration, IOptions<AuthOptions> startup, ILogger<UserDirectory> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _users = startup.Value.Users.ToDictionary(u => u.Id);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Every user now.</summary>
    public IReadOnlyCollection<UserAccount> All => _users.Values;

    /// <summary>The user with <paramref name="userId"/>, or null if none is configured now.</summary>
    public UserAccount? Find(string userId) => _users.GetValueOrDefault(userId);

    /// <summary>Raised after the users were read again (whether or not anyone changed).</summary>
    public event Action? Changed;

    /// <summary>
    /// Whether a token for <paramref name="caller"/> is still honoured: party and filer tokens are not configured users
    /// (bound to one case or one mobile, and short-lived); a configured user's must match their role and court now.
    /// </summary>
    public bool Honours(Caller caller) =>
        caller.Role is Roles.Party or Roles.Filer || (Find(caller.UserId) is { } user && user.Role == caller.Role && user.CourtId == caller.CourtId);

    /// <summary>Whether <paramref name="userId"/> is a judge of <paramref name="courtId"/> now.</summary>
    public bool IsJudgeOf(string userId, string courtId) => Find(userId) is { Role: Roles.Judge } judge && judge.CourtId == courtId;

    public void Dispose() => _subscription.Dispose();

    private void Reload()
    {
        // Only the users are read again (the key, issuer and lifetime take effect at the next start), and only they are validated.
        var options = new AuthOptions { Users = _configuration.GetSection($"{AuthOptions.SectionName}:Users").Get<List<UserAccount>>() ?? [] };
        var result = new AuthOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            LogInvalid(result.FailureMessage);
            return;
        }

        var users = options.Users.ToDictionary(u => u.Id);
        if (users.Count != _users.Count || users.Any(u => !_users.TryGetValue(u.Key, out var old) || old.Role != u.Value.Role || old.CourtId != u.Value.CourtId))
        {
            LogReloaded(users.Count);
        }

        _users = users;
        Changed?.Invoke();
    }

    [LoggerMessage(LogLevel.Error, "Auth settings changed but are not valid; the previous users stay in force: {Failures}")]
    private partial void LogInvalid(string failures);

    [LoggerMessage(LogLevel.Information, "Users reloaded from the settings: {Count} users")]
    private partial void LogReloaded(int count);
}
