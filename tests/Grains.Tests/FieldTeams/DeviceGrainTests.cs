using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Testing;

namespace Coordination.Grains.Tests.FieldTeams;

public sealed class DeviceGrainTests : IAsyncLifetime
{
    private readonly CaseNode _node = FieldNode.Create();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    private IDeviceGrain Device(string id) => _node.Client.GetGrain<IDeviceGrain>(id);

    /// <summary>
    /// Moves the clock in 15-second steps, then waits for at least <paramref name="ticks"/> more reminder ticks to have
    /// returned: a silence check of each of the three devices.
    /// </summary>
    private async Task AdvanceAsync(TimeSpan by, int ticks)
    {
        var before = _node.Node.Reminders.Completed;
        for (var step = TimeSpan.FromSeconds(15); by > TimeSpan.Zero; by -= step)
        {
            _node.Time.Advance(by < step ? by : step);
        }

        await Wait.UntilAsync(() => _node.Node.Reminders.Completed >= before + ticks && _node.Node.Reminders.Running == 0, $"{ticks} silence checks");
    }

    [Fact]
    public async Task RedeliveredSequence_IsCountedAsDuplicate_WhileALateOneInsideTheWindowIsApplied()
    {
        var tracker = Device(FieldNode.Tracker);
        var now = _node.Time.GetUtcNow();

        Assert.Equal(TelemetryOutcome.Accepted, await tracker.ReportGps(FieldNode.NorthOfSite(1, 5000, now)));
        Assert.Equal(TelemetryOutcome.Duplicate, await tracker.ReportGps(FieldNode.NorthOfSite(1, 5000, now)));
        Assert.Equal(TelemetryOutcome.Accepted, await tracker.ReportGps(FieldNode.NorthOfSite(3, 5000, now)));
        Assert.Equal(TelemetryOutcome.Accepted, await tracker.ReportGps(FieldNode.NorthOfSite(2, 5000, now)));
        Assert.Equal(TelemetryOutcome.Duplicate, await tracker.ReportGps(FieldNode.NorthOfSite(2, 5000, now)));

        var view = await tracker.Get();
        Assert.Equal((3L, 2L, 3L), (view.Accepted, view.Duplicates, view.HighestSequence));
    }

    [Fact]
    public async Task DeliveredSequences_SurviveARestart()
    {
        var now = _node.Time.GetUtcNow();
        await Device(FieldNode.Tracker).ReportGps(FieldNode.NorthOfSite(7, 5000, now));

        await _node.Node.RestartAsync();

        Assert.Equal(TelemetryOutcome.Duplicate, await Device(FieldNode.Tracker).ReportGps(FieldNode.NorthOfSite(7, 5000, now)));
        Assert.Equal(1, (await Device(FieldNode.Tracker).Get()).Accepted);
    }

    [Fact]
    public async Task UnconfiguredDevice_IsNotApplied() =>
        Assert.Equal(TelemetryOutcome.Unregistered, await Device("stranger").ReportGps(FieldNode.NorthOfSite(1, 0, _node.Time.GetUtcNow())));

    [Fact]
    public async Task LowBattery_AlertsOnce_AndAgainOnlyAfterRecovering()
    {
        var court = await _node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var camera = Device(FieldNode.CameraA);
        var now = _node.Time.GetUtcNow();

        await camera.ReportStatus(new BodyCamStatus(1, now, true, 15, 40));
        await camera.ReportStatus(new BodyCamStatus(2, now, true, 12, 40));
        await camera.ReportStatus(new BodyCamStatus(3, now, true, 60, 40));
        await camera.ReportStatus(new BodyCamStatus(4, now, true, 10, 40));

        await Wait.UntilAsync(() => court.Alerts.Count(a => a.Kind == AlertKind.DeviceBatteryLow) == 2, "two low-battery alerts");
        Assert.Equal(["Body camera cam-1 battery at 15%", "Body camera cam-1 battery at 10%"], court.Alerts.Where(a => a.Kind == AlertKind.DeviceBatteryLow).Select(a => a.Title));
        Assert.All(court.Alerts, a => Assert.Equal((FieldNode.CameraA, FieldNode.Team), (a.DeviceId, a.TeamId)));
    }

    [Fact]
    public async Task SilentDevice_RaisesOneAlertAfterTheConfiguredTime_ThenReportingAgainClearsIt()
    {
        var centre = await _node.CollectAsync(AlertStreams.CommandCentre);
        await Device(FieldNode.Tracker).ReportGps(FieldNode.NorthOfSite(1, 5000, _node.Time.GetUtcNow()));

        // Each device checks every SilentAfter / 2 (2.5 minutes), at least once in each of these advances (a check the
        // clock overtook while the one before was running is skipped, so a burst of steps may bring one check per device).
        await AdvanceAsync(TimeSpan.FromMinutes(4), ticks: 3);
        Assert.DoesNotContain(centre.Alerts, a => a.DeviceId == FieldNode.Tracker);

        await AdvanceAsync(TimeSpan.FromMinutes(3), ticks: 3);
        await Wait.UntilAsync(() => centre.Alerts.Any(a => a is { Kind: AlertKind.DeviceSilent, DeviceId: FieldNode.Tracker }), "the silence alert");
        await AdvanceAsync(TimeSpan.FromMinutes(5), ticks: 3);
        Assert.Single(centre.Alerts, a => a is { Kind: AlertKind.DeviceSilent, DeviceId: FieldNode.Tracker });

        await Device(FieldNode.Tracker).ReportGps(FieldNode.NorthOfSite(2, 5000, _node.Time.GetUtcNow()));
        Assert.False((await Device(FieldNode.Tracker).Get()).Silent);
    }
}
