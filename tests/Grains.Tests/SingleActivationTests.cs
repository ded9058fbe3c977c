using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Grains.Tests;

/// <summary>Orleans' single activation: callers racing to a grain that is not active yet all reach one activation of it.</summary>
public sealed class SingleActivationTests : IAsyncLifetime
{
    private const int Grains = 10;
    private const int Callers = 100;

    private readonly CaseNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    [Fact]
    public async Task ConcurrentCallersToColdGrains_ReachExactlyOneActivationOfEach()
    {
        var run = Guid.NewGuid().ToString("N");
        var keys = Enumerable.Range(0, Grains).Select(i => $"{run}-{i}").ToList();
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
        {
            start.Wait();
            var key = keys[caller % Grains];
            return (Key: key, Seen: await _node.Client.GetGrain<IActivationProbeGrain>(key).Identify(caller));
        })).ToList();
        start.Set();
        var answers = await Task.WhenAll(calls);

        Assert.Equal(Callers, answers.Length);
        foreach (var group in answers.GroupBy(a => a.Key))
        {
            Assert.Equal(Callers / Grains, group.Count());
            var activation = Assert.Single(group.Select(a => a.Seen.Activation).Distinct());
            Assert.Equal(GrainId.Create(ActivationProbeGrain.TypeName, group.Key), activation.GrainId);
            Assert.Equal(1, ActivationProbeGrain.Activations.GetValueOrDefault(activation.GrainId));
            // That activation served each of the grain's callers, one call at a time.
            Assert.Equal(Enumerable.Range(1, Callers / Grains), group.Select(a => a.Seen.Served).Order());
        }

        Assert.Equal(Grains, answers.Select(a => a.Seen.Activation.GrainId).Distinct().Count());
        Assert.Equal(Grains, answers.Select(a => a.Seen.Activation).Distinct().Count());
    }
}

/// <summary>Which activation answered: the grain and the activation's id.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Tests.ActivationSeen")]
public sealed record ActivationSeen([property: Id(0)] ActivationIdentity Activation, [property: Id(1)] int Served);

/// <summary>A grain's identity and the id of one activation of it.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.Grains.Tests.ActivationIdentity")]
public sealed record ActivationIdentity([property: Id(0)] GrainId GrainId, [property: Id(1)] string ActivationId);

/// <summary>A test-only grain that tells which activation served the call.</summary>
[Alias("Coordination.Grains.Tests.IActivationProbeGrain")]
public interface IActivationProbeGrain : IGrainWithStringKey
{
    /// <summary>This activation's identity and how many calls it has served, this one included.</summary>
    [Alias("Identify")]
    Task<ActivationSeen> Identify(int caller);
}

/// <inheritdoc cref="IActivationProbeGrain" />
[GrainType(TypeName)]
public sealed class ActivationProbeGrain : Grain, IActivationProbeGrain
{
    public const string TypeName = "activation-probe";

    /// <summary>Activations per grain since the process started (the test silo runs in this process).</summary>
    public static ConcurrentDictionary<GrainId, int> Activations { get; } = new();

    private int _served;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Activations.AddOrUpdate(this.GetGrainId(), 1, (_, count) => count + 1);
        await Task.Yield(); // let the other callers' messages arrive while this activation is still starting
    }

    public Task<ActivationSeen> Identify(int caller) =>
        Task.FromResult(new ActivationSeen(new ActivationIdentity(this.GetGrainId(), GrainContext.ActivationId.ToString()), ++_served));
}
