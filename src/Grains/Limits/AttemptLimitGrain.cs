using Coordination.Grains.Hosting;
using Orleans;
using Orleans.Concurrency;

namespace Coordination.Grains.Limits;

/// <summary>
/// A fixed window of attempts for one key that guards a secret (a sign-in address, a user name): Orleans keeps one
/// activation of it in the whole cluster, so every node counts into the same window. Kept in memory only: it lives as
/// long as its window (and two minutes idle after), and a node's death resets the windows it held.
/// </summary>
[Alias("Coordination.Grains.Limits.IAttemptLimitGrain")]
public interface IAttemptLimitGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts one attempt if the window has room for it (of <paramref name="permits"/> per <paramref name="window"/>);
    /// null when counted, else how long until the window ends (the attempt is refused and not counted).
    /// </summary>
    [Alias("Try")]
    Task<TimeSpan?> Try(int permits, TimeSpan window);

    /// <summary>How long until the window ends if it is full, without counting; null if there is room.</summary>
    [Alias("Check"), ReadOnly]
    Task<TimeSpan?> Check(int permits, TimeSpan window);
}

/// <inheritdoc cref="IAttemptLimitGrain" />
[CollectionAgeLimit(Minutes = 2)]
public sealed class AttemptLimitGrain : CoordinationGrain, IAttemptLimitGrain
{
    private DateTimeOffset _windowEnds;
    private int _attempts;

    /// <summary>The key of a sign-in address's window.</summary>
    public static string AddressKey(string? address) => $"sign-in-address:{address}";

    /// <summary>The key of a user name's window of wrong passwords (names compared without case).</summary>
    public static string UserKey(string userId) => $"sign-in-user:{userId.Trim().ToLowerInvariant()}";

    public Task<TimeSpan?> Try(int permits, TimeSpan window)
    {
        var now = TimeProvider.GetUtcNow();
        if (now >= _windowEnds)
        {
            (_windowEnds, _attempts) = (now + window, 0);
        }

        if (_attempts >= permits)
        {
            return Task.FromResult<TimeSpan?>(_windowEnds - now);
        }

        _attempts++;
        DelayDeactivation(_windowEnds - now); // the window's count must outlive idle collection
        return Task.FromResult<TimeSpan?>(null);
    }

    public Task<TimeSpan?> Check(int permits, TimeSpan window)
    {
        var now = TimeProvider.GetUtcNow();
        return Task.FromResult<TimeSpan?>(now < _windowEnds && _attempts >= permits ? _windowEnds - now : null);
    }
}
