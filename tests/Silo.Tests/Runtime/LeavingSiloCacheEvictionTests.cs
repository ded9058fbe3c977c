using System.Net;
using Coordination.Silo.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.GrainDirectory;

namespace Coordination.Silo.Tests.Runtime;

/// <summary>
/// The directory cache of a cluster node over Orleans' own LRU cache: entries pointing at a leaving silo go, on the
/// fake clock's ticks, until the silo has been leaving for <see cref="LeavingSiloCacheEviction.Limit"/>; others stay.
/// </summary>
public sealed class LeavingSiloCacheEvictionTests
{
    private static readonly SiloAddress Staying = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Leaving = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 1);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly IGrainDirectoryCache _lru = GrainDirectoryCacheFactory.CreateGrainDirectoryCache(
        new ServiceCollection().BuildServiceProvider(), new GrainDirectoryOptions { CachingStrategy = GrainDirectoryOptions.CachingStrategyType.LRU });
    private readonly List<SiloAddress> _leaving = [];

    [Fact]
    public void EntriesOfALeavingSilo_AreRemoved_OthersStay()
    {
        using var cache = Cache();
        cache.AddOrUpdate(Address("a", Staying), 0);
        cache.AddOrUpdate(Address("b", Leaving), 0);
        cache.AddOrUpdate(Address("c", Leaving), 0);
        Assert.Equal(0, cache.EvictLeaving()); // nobody leaving yet

        _leaving.Add(Leaving);

        Assert.Equal(2, cache.EvictLeaving());
        Assert.Equal(["a"], cache.KeyValues.Select(entry => entry.ActivationAddress.GrainId.Key.ToString()));
        Assert.True(cache.LookUp(GrainId.Create("thread", "a"), out var found, out _));
        Assert.Equal(Staying, found.SiloAddress);
    }

    [Fact]
    public void EntriesAddedAgainWhileTheSiloLeaves_AreRemovedAgain_UntilTheLimit()
    {
        using var cache = Cache();
        _leaving.Add(Leaving);
        cache.AddOrUpdate(Address("b", Leaving), 0);
        Assert.Equal(1, cache.EvictLeaving());

        _time.Advance(LeavingSiloCacheEviction.Limit - TimeSpan.FromMilliseconds(1));
        cache.AddOrUpdate(Address("b", Leaving), 0); // a lookup made during its deactivation still found it there
        Assert.Equal(1, cache.EvictLeaving());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        cache.AddOrUpdate(Address("b", Leaving), 0);
        Assert.Equal(0, cache.EvictLeaving()); // leaving for too long: left to Orleans, which drops it once Dead
    }

    [Fact]
    public async Task OnceActive_EvictsOnTheTick_AndEndsWithTheSilo()
    {
        using var cache = Cache();
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        cache.Participate(lifecycle);
        await lifecycle.OnStart().WaitAsync(Bound);
        _leaving.Add(Leaving);
        cache.AddOrUpdate(Address("b", Leaving), 0);

        _time.Advance(LeavingSiloCacheEviction.Interval);

        await Wait.UntilAsync(() => !cache.KeyValues.Any(), "the leaving silo's entry removed on the tick", Bound);
        await lifecycle.OnStop().WaitAsync(Bound); // the loop ends with the silo
    }

    private LeavingSiloCacheEviction Cache() => new(_lru, () => _leaving, _time, NullLogger<LeavingSiloCacheEviction>.Instance);

    private static GrainAddress Address(string key, SiloAddress silo) =>
        new() { GrainId = GrainId.Create("thread", key), SiloAddress = silo, ActivationId = ActivationId.NewId() };
}
