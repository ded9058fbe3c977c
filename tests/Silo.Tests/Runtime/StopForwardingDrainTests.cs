using Coordination.Silo.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans;
using Orleans.Runtime;

namespace Coordination.Silo.Tests.Runtime;

/// <summary>
/// The drain on Orleans' own silo lifecycle: its stop runs after the grains' deactivation and before the block of
/// application messages, and holds the block back for exactly the drain, on a fake clock; it does not wait when nobody
/// could be forwarded to, when turned off, or once the host's shutdown timeout has cancelled the stop.
/// </summary>
public sealed class StopForwardingDrainTests
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30); // a hang fails the test instead of stalling the run

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Stop_WaitsTheDrainAfterTheDeactivation_BeforeApplicationMessagesAreBlocked()
    {
        var stopped = new List<string>();
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        lifecycle.Subscribe("grain deactivation", ServiceLifecycleStage.GrainDeactivation, _ => Task.CompletedTask, _ => Record(stopped, "deactivated"));
        lifecycle.Subscribe("block", ServiceLifecycleStage.RuntimeServices, _ => Task.CompletedTask, _ => Record(stopped, "blocked"));
        DrainWith(otherActiveSilos: 2).Participate(lifecycle);
        await lifecycle.OnStart().WaitAsync(Bound);

        var stopping = lifecycle.OnStop();
        Assert.Equal(["deactivated"], stopped);
        _time.Advance(Drain - TimeSpan.FromMilliseconds(1));
        Assert.Equal(["deactivated"], stopped);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await stopping.WaitAsync(Bound);

        Assert.Equal(["deactivated", "blocked"], stopped);
    }

    [Fact]
    public void Stage_LiesBetweenTheDirectoryShutdownAndTheMembershipServices()
    {
        Assert.InRange(StopForwardingDrain.Stage, ServiceLifecycleStage.RuntimeGrainServices + 1, ServiceLifecycleStage.GrainDirectoryShutdown - 1);
    }

    [Theory]
    [InlineData(0, 2)] // turned off
    [InlineData(2, 0)] // the last silo: no other node holds an entry to correct
    public void Drain_WithoutAnythingToForward_EndsAtOnce(int drainSeconds, int otherActiveSilos)
    {
        var drain = new StopForwardingDrain(TimeSpan.FromSeconds(drainSeconds), () => otherActiveSilos, _time, NullLogger<StopForwardingDrain>.Instance);

        Assert.True(drain.DrainAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Drain_CancelledByTheShutdownTimeout_EndsAtOnceWithoutThrowing()
    {
        using var shutdownTimeout = new CancellationTokenSource();
        var draining = DrainWith(otherActiveSilos: 2).DrainAsync(shutdownTimeout.Token);
        Assert.False(draining.IsCompleted);

        await shutdownTimeout.CancelAsync();

        await draining.WaitAsync(Bound);
        Assert.True(draining.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData("-00:00:01", false)]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:10", true)]
    [InlineData("00:00:10.001", false)]
    public void Setting_IsBetweenZeroAndTenSeconds(string drain, bool valid)
    {
        var validator = new NodeClusterOptionsValidator(Options.Create(new NodeStorageOptions { PostgresConnectionString = "Host=127.0.0.1" }));

        var result = validator.Validate(null, new NodeClusterOptions { Mode = ClusterMode.Redis, StopForwardingDrain = TimeSpan.Parse(drain, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
    }

    private StopForwardingDrain DrainWith(int otherActiveSilos) => new(Drain, () => otherActiveSilos, _time, NullLogger<StopForwardingDrain>.Instance);

    private static Task Record(List<string> stopped, string what)
    {
        stopped.Add(what);
        return Task.CompletedTask;
    }
}
