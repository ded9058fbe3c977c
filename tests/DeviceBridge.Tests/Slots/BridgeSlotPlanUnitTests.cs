using System.Collections.Immutable;
using System.Net;
using Coordination.Grains.Devices.Bridge;
using Orleans.Runtime;

namespace Coordination.DeviceBridge.Tests.Slots;

/// <summary>The lease rules of the bridge slots, with membership given.</summary>
public sealed class BridgeSlotPlanUnitTests
{
    private static readonly SiloAddress A = Silo(11111);
    private static readonly SiloAddress B = Silo(11112);
    private static readonly SiloAddress C = Silo(11113);

    [Fact]
    public void FirstSilo_GetsEverySlot_AndASecondOneGetsNoneUntilTheFirstLetsGo()
    {
        var state = new BridgeSlotsState();
        Assert.Equal([0, 1, 2, 3, 4, 5], Hold(state, A, [], Members((A, SiloStatus.Active))));

        var both = Members((A, SiloStatus.Active), (B, SiloStatus.Active));
        Assert.Empty(Hold(state, B, [], both));
        Assert.Equal([0, 1, 2], Hold(state, A, [0, 1, 2, 3, 4, 5], both)); // asked to let go of 3, 4, 5
        Assert.Empty(Hold(state, B, [], both)); // A still holds them: it has not said otherwise
        Assert.Equal([0, 1, 2], Hold(state, A, [0, 1, 2], both));
        Assert.Equal([3, 4, 5], Hold(state, B, [], both));
    }

    [Fact]
    public void DeadSilo_ItsSlotsGoToTheSurvivors_AndEachSlotHasOneHolder()
    {
        var state = new BridgeSlotsState();
        var three = Members((A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Active));
        Assert.Equal([0, 1], Hold(state, A, [], three));
        Assert.Equal([2, 3], Hold(state, B, [], three));
        Assert.Equal([4, 5], Hold(state, C, [], three));

        var cDead = Members((A, SiloStatus.Active), (B, SiloStatus.Active), (C, SiloStatus.Dead));
        Assert.Equal([0, 1, 4], Hold(state, A, [0, 1], cDead));
        Assert.Equal([2, 3, 5], Hold(state, B, [2, 3], cDead));
        Assert.Equal(6, state.Holders.Count);
        Assert.DoesNotContain(C, state.Holders.Values);
    }

    [Fact]
    public void SlotsOfASiloStillAliveButNotReporting_StayItsOwn()
    {
        var state = new BridgeSlotsState();
        var two = Members((A, SiloStatus.Active), (B, SiloStatus.Active));
        Hold(state, A, [], two);
        Assert.Equal([0, 1, 2], Hold(state, A, [0, 1, 2, 3, 4, 5], two));
        Assert.Equal([0, 1, 2], Hold(state, A, [0, 1, 2], two));

        // A is shutting down (its bridge drains before the silo stops): B gets nothing of A's until A reports or leaves.
        var aStopping = Members((A, SiloStatus.ShuttingDown), (B, SiloStatus.Active));
        Assert.Equal([3, 4, 5], Hold(state, B, [], aStopping));
        Assert.Equal([3, 4, 5], Hold(state, B, [3, 4, 5], aStopping));
        Assert.True(BridgeSlotPlan.Leave(state, A));
        Assert.Equal([0, 1, 2, 3, 4, 5], Hold(state, B, [3, 4, 5], aStopping));
    }

    [Fact]
    public void LostLeaseState_IsRebuiltFromWhatTheHoldersReport()
    {
        var state = new BridgeSlotsState();
        var two = Members((A, SiloStatus.Active), (B, SiloStatus.Active));
        Assert.Equal([3, 4, 5], Hold(state, B, [3, 4, 5], two));
        Assert.Equal([0, 1, 2], Hold(state, A, [], two));
    }

    [Fact]
    public void DifferentSlotCount_IsRefusedWhileOthersHoldSlots_AndAcceptedOnceNobodyDoes()
    {
        var state = new BridgeSlotsState();
        var two = Members((A, SiloStatus.Active), (B, SiloStatus.Active));
        Hold(state, A, [], two);
        var refusal = Assert.Throws<ArgumentException>(() => BridgeSlotPlan.Hold(state, B, 4, [], two, out _));
        Assert.StartsWith("DeviceBridge:Slots is 4 on this node but 6", refusal.Message, StringComparison.Ordinal);

        var aDead = Members((A, SiloStatus.Dead), (B, SiloStatus.Active));
        Assert.Equal([0, 1, 2, 3], BridgeSlotPlan.Hold(state, B, 4, [], aDead, out var changed));
        Assert.True(changed);
    }

    private static int[] Hold(BridgeSlotsState state, SiloAddress silo, int[] held, ClusterMembershipSnapshot membership) =>
        BridgeSlotPlan.Hold(state, silo, 6, held, membership, out _);

    private static SiloAddress Silo(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    private static ClusterMembershipSnapshot Members(params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(members.ToImmutableDictionary(m => m.Silo, m => new ClusterMember(m.Silo, m.Status, $"silo-{m.Silo.Endpoint.Port}")), new MembershipVersion(1));
}
