using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.GrainDirectory;

namespace Coordination.Silo.Runtime;

/// <summary>
/// The silo's grain directory cache (Orleans' own LRU cache, wrapped) with the entries pointing at a silo that is
/// leaving gracefully removed every <see cref="Interval"/> until that silo is Dead, so that calls are addressed afresh
/// instead of being sent to a silo that will soon refuse them.
/// </summary>
/// <remarks>
/// Orleans drops a cache entry only once its silo is Dead (<c>LocalGrainDirectory.AdjustLocalCache</c>); a silo that is
/// ShuttingDown leaves the directory's ring and placement but stays in every other silo's cache. After it has
/// deactivated its grains (which unregisters them), a call on such an entry is still forwarded until it blocks
/// application messages, and refused from then until its callers learn it is Dead ("Silo stopping"; Orleans does not
/// send a refused call again). Removing the entries repeatedly while the silo is ShuttingDown or Stopping lets a lookup
/// made after its deactivation find the grain's new place; <see cref="StopForwardingDrain"/> holds the leaving silo
/// open long enough for that. Entries for other silos are left alone, and the cache's lookups go straight through.
/// </remarks>
internal sealed class LeavingSiloCacheEviction(
    IGrainDirectoryCache inner, Func<IReadOnlyCollection<SiloAddress>> leavingSilos, TimeProvider time, ILogger<LeavingSiloCacheEviction> logger)
    : IGrainDirectoryCache, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>How often entries for leaving silos are removed while one is leaving.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a silo's entries are removed at most: a silo stuck in ShuttingDown is declared Dead by probes well within it.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<SiloAddress, DateTimeOffset> _firstSeenLeaving = [];
    private Task _evicting = Task.CompletedTask;

    /// <summary>The cache of the node's silo: Orleans' LRU cache of <see cref="GrainDirectoryOptions.CacheSize"/> entries, wrapped; leaving silos from its membership.</summary>
    public static LeavingSiloCacheEviction Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value;
        var lru = GrainDirectoryCacheFactory.CreateGrainDirectoryCache(services, new GrainDirectoryOptions
        {
            CachingStrategy = GrainDirectoryOptions.CachingStrategyType.LRU,
            CacheSize = options.CacheSize,
            MaximumCacheTTL = options.MaximumCacheTTL,
        });
        // Resolved on first use: the membership service depends, through the directory, on this cache.
        IClusterMembershipService? membership = null;
        return new(lru, () =>
        {
            membership ??= services.GetRequiredService<IClusterMembershipService>();
            return [.. membership.CurrentSnapshot.Members.Values.Where(m => m.Status is SiloStatus.ShuttingDown or SiloStatus.Stopping).Select(m => m.SiloAddress)];
        }, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LeavingSiloCacheEviction>>());
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(LeavingSiloCacheEviction), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _evicting = EvictAsync(_stop.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _evicting;
    }

    private async Task EvictAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    EvictLeaving();
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Could not remove the directory cache's entries for leaving silos");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Removes the entries pointing at a silo leaving for less than <see cref="Limit"/>; returns how many.</summary>
    internal int EvictLeaving()
    {
        var leaving = leavingSilos();
        foreach (var gone in _firstSeenLeaving.Keys.Where(silo => !leaving.Contains(silo)).ToList())
        {
            _firstSeenLeaving.Remove(gone);
        }

        var now = time.GetUtcNow();
        var evicting = new HashSet<SiloAddress>();
        foreach (var silo in leaving)
        {
            if (!_firstSeenLeaving.TryGetValue(silo, out var since))
            {
                _firstSeenLeaving[silo] = since = now;
            }

            if (now - since < Limit)
            {
                evicting.Add(silo);
            }
        }

        if (evicting.Count == 0)
        {
            return 0;
        }

        var stale = inner.KeyValues.Select(entry => entry.ActivationAddress).Where(address => address.SiloAddress is { } silo && evicting.Contains(silo)).ToList();
        foreach (var address in stale)
        {
            inner.Remove(address);
        }

        return stale.Count;
    }

    public void AddOrUpdate(GrainAddress value, int version) => inner.AddOrUpdate(value, version);

    public bool Remove(GrainId key) => inner.Remove(key);

    public bool Remove(GrainAddress key) => inner.Remove(key);

    public void Clear() => inner.Clear();

    public bool LookUp(GrainId key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GrainAddress? result, out int version) => inner.LookUp(key, out result, out version);

    public IEnumerable<(GrainAddress ActivationAddress, int Version)> KeyValues => inner.KeyValues;

    public void Dispose()
    {
        _stop.Dispose();
        (inner as IDisposable)?.Dispose();
    }
}
