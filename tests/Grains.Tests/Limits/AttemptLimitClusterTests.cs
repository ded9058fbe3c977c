using Coordination.Grains.Limits;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.TestingHost;

namespace Coordination.Grains.Tests.Limits;

/// <summary>A limit that guards a secret holds across the cluster: tries sent from two silos count into one window.</summary>
public sealed class AttemptLimitClusterTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TestNode.Start);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton<TimeProvider>(_time));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task TriesSpreadOverTwoSilos_HitTheOneLimit_AndTheNextWindowOpensAgain()
    {
        Assert.Equal(2, _cluster.Silos.Count);
        var silos = _cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IGrainFactory>()).ToArray();
        var key = AttemptLimitGrain.UserKey($"judge-{Guid.NewGuid():N}");

        var answers = new List<TimeSpan?>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await silos[i % 2].GetGrain<IAttemptLimitGrain>(key).Try(5, TimeSpan.FromMinutes(15)));
        }

        Assert.All(answers.Take(5), Assert.Null);
        Assert.All(answers.Skip(5), wait => Assert.Equal(TimeSpan.FromMinutes(15), wait));
        Assert.Equal(TimeSpan.FromMinutes(15), await silos[0].GetGrain<IAttemptLimitGrain>(key).Check(5, TimeSpan.FromMinutes(15)));
        Assert.Equal(TimeSpan.FromMinutes(15), await silos[1].GetGrain<IAttemptLimitGrain>(key).Check(5, TimeSpan.FromMinutes(15)));

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(await silos[1].GetGrain<IAttemptLimitGrain>(key).Try(5, TimeSpan.FromMinutes(15)));
    }
}
