using System.Reflection;
using Coordination.Grains.Cases;
using Coordination.Silo.Runtime;
using Orleans.Runtime;
using Orleans.Serialization.Invocation;

namespace Coordination.Silo.Tests.Runtime;

public sealed class RejectedCallRetryTests
{
    private static readonly MethodInfo CaseCall = typeof(ICaseGrain).GetMethod(nameof(ICaseGrain.RecordStep))!;
    private static readonly MethodInfo OrleansCall = typeof(IManagementGrain).GetMethods().First(m => m.Name == nameof(IManagementGrain.GetTotalActivationCount));

    [Fact]
    public async Task ACallRejectedBeforeItRan_IsSentAgain_UntilItIsAnswered()
    {
        var call = new ScriptedCall(CaseCall, Rejected(), Rejected(), null);

        await new RejectedCallRetry().Invoke(call);

        Assert.Equal(3, call.Sent);
    }

    [Fact]
    public async Task ACallRejectedEveryTime_ReachesTheCallerAsRejected_AfterTheLastTry()
    {
        var call = new ScriptedCall(CaseCall, [.. Enumerable.Range(0, 10).Select(_ => Rejected())]);

        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => new RejectedCallRetry().Invoke(call));

        Assert.Equal(RejectedCallRetry.Pauses.Length + 1, call.Sent);
    }

    [Fact]
    public async Task ACallThatMayHaveRun_IsNotSentAgain()
    {
        var lost = new ScriptedCall(CaseCall, new SiloUnavailableException(), null);
        var late = new ScriptedCall(CaseCall, new TimeoutException(), null);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => new RejectedCallRetry().Invoke(lost));
        await Assert.ThrowsAsync<TimeoutException>(() => new RejectedCallRetry().Invoke(late));

        Assert.Equal((1, 1), (lost.Sent, late.Sent));
    }

    [Fact]
    public async Task OrleansOwnCalls_KeepOrleansHandling()
    {
        var call = new ScriptedCall(OrleansCall, Rejected(), null);

        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => new RejectedCallRetry().Invoke(call));

        Assert.Equal(1, call.Sent);
    }

    /// <summary>What a rejected call throws; Orleans makes the exception itself, through a constructor it keeps internal.</summary>
    private static Exception Rejected() => (Exception)Activator.CreateInstance(
        typeof(OrleansMessageRejectionException), BindingFlags.Instance | BindingFlags.NonPublic, binder: null, ["The target silo is no longer active."], culture: null)!;

    /// <summary>
    /// An outgoing call whose tries end as <paramref name="outcomes"/> say, one per try: an exception is thrown, as
    /// Orleans' invoker throws a call's failure (null answers).
    /// </summary>
    private sealed class ScriptedCall(MethodInfo method, params Exception?[] outcomes) : IOutgoingGrainCallContext
    {
        public int Sent { get; private set; }

        public Response? Response { get; set; }

        public object? Result { get; set; }

        public MethodInfo InterfaceMethod => method;

        public Task Invoke()
        {
            var outcome = outcomes[Sent++];
            Response = outcome is null ? Response.Completed : Response.FromException(outcome);
            return outcome is null ? Task.CompletedTask : Task.FromException(outcome);
        }

        public IGrainContext? SourceContext => null;

        public IInvokable Request => throw new NotSupportedException();

        public object Grain => throw new NotSupportedException();

        public GrainId? SourceId => null;

        public GrainId TargetId => default;

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => method.DeclaringType!.FullName!;

        public string MethodName => method.Name;
    }
}
