using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace Coordination.Grains.Tests.FieldTeams;

/// <summary>A case node with one field team in SH01: a GPS tracker and two body cameras.</summary>
internal static class FieldNode
{
    public const string Team = "SH01-T1";
    public const string Tracker = "gps-1";
    public const string CameraA = "cam-1";
    public const string CameraB = "cam-2";

    /// <summary>The operation site used by the tests; positions are given as metres north of it.</summary>
    public const double SiteLatitude = 31.2300;
    public const double SiteLongitude = 121.4700;

    public static CaseNode Create(Action<DeploymentOptions>? configure = null, Action<IServiceCollection>? services = null) => new()
    {
        ConfigureServices = services,
        ConfigureDeployment = o =>
        {
            o.FieldTeams.Add(new FieldTeamOptions
            {
                Id = Team,
                CourtId = "SH01",
                Name = "第一执行组",
                Members = ["judge-wang", "officer-liu"],
                Devices =
                [
                    new FieldDeviceOptions { Id = Tracker, Kind = DeviceKind.GpsTracker },
                    new FieldDeviceOptions { Id = CameraA, Kind = DeviceKind.BodyCamera },
                    new FieldDeviceOptions { Id = CameraB, Kind = DeviceKind.BodyCamera },
                ],
            });
            configure?.Invoke(o);
        },
    };

    public static GpsFix NorthOfSite(long sequence, double metres, DateTimeOffset at) =>
        new(sequence, at, SiteLatitude + metres / 111_320, SiteLongitude, 5, 20, 0);

    public static IAsyncStream<TeamPosition> Positions(this CaseNode node) => PositionStreams.ForCourt(node.Client.GetStreamProvider(StreamNames.Provider), "SH01");

    /// <summary>Subscribes to SH01's positions stream; disposing the result unsubscribes.</summary>
    public static async Task<IAsyncDisposable> WatchPositionsAsync(this CaseNode node, Func<TeamPosition, Task> onNext) =>
        new Subscription(await node.Positions().SubscribeAsync((position, _) => onNext(position)));

    private sealed class Subscription(StreamSubscriptionHandle<TeamPosition> handle) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await handle.UnsubscribeAsync();
    }
}
