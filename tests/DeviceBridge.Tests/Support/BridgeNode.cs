using Coordination.DeviceBridge.Hosting;
using Coordination.Grains.Courts;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Hosting;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coordination.DeviceBridge.Tests.Support;

/// <summary>A test node with courts SH01 and SH02, the given field teams, and its device bridge connected to a test broker.</summary>
internal static class BridgeNode
{
    /// <summary>Starts the node; returns once its bridge is connected (to <paramref name="brokerPort"/>, by default the broker's own).</summary>
    public static async Task<TestNode> StartAsync(MosquittoBroker broker, IEnumerable<FieldTeamOptions> teams, int? brokerPort = null, FakeTimeProvider? time = null)
    {
        var node = await TestNode.StartAsync(services =>
        {
            services.AddCoordinationGrains(o =>
            {
                o.Courts.Add(new CourtOptions { Id = "SH01", Name = "上海市黄浦区人民法院" });
                o.Courts.Add(new CourtOptions { Id = "SH02", Name = "上海市徐汇区人民法院" });
                o.FieldTeams.AddRange(teams);
            });
            services.AddDeviceBridge(o =>
            {
                o.Port = brokerPort ?? broker.Port;
                o.PasswordFile = broker.BridgePasswordFile;
            });
        }, time: time);
        await Wait.UntilAsync(() => node.Bridge().Status.Connected, "the bridge to connect to mosquitto");
        return node;
    }

    /// <summary>The node's device bridge.</summary>
    public static DeviceBridgeService Bridge(this TestNode node) => node.Services.GetRequiredService<DeviceBridgeService>();
}
