using Coordination.Grains.Alerts;
using Coordination.Grains.Cases;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using Coordination.Grains.Validation;
using Coordination.Testing;

namespace Coordination.Grains.Tests.FieldTeams;

public sealed class FieldTeamTests : IAsyncLifetime
{
    private readonly CaseNode _node = FieldNode.Create();
    private long _sequence;

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    private IFieldTeamGrain Team => _node.Client.GetGrain<IFieldTeamGrain>(FieldNode.Team);

    private IDeviceGrain Device(string id) => _node.Client.GetGrain<IDeviceGrain>(id);

    private Task<TelemetryOutcome> TrackerAt(double metresNorth) =>
        Device(FieldNode.Tracker).ReportGps(FieldNode.NorthOfSite(++_sequence, metresNorth, _node.Time.GetUtcNow()));

    private async Task<string> DispatchedCaseAsync()
    {
        var number = CaseNode.NewCaseNumber();
        await _node.FileAndAssignAsync(number);
        await Team.Dispatch(new OperationOrder(number, FieldNode.SiteLatitude, FieldNode.SiteLongitude, RadiusMetres: 150, Address: "上海市黄浦区中山南路1号"), "judge-wang");
        return number;
    }

    private async Task<IReadOnlyList<CaseRecordEntry>> FieldEntriesAsync(string number) =>
        [.. (await _node.Case(number).GetRecord()).Where(e => e.Kind is CaseStepKind.SiteArrived or CaseStepKind.SiteDeparted or CaseStepKind.EvidenceCaptured)];

    [Fact]
    public async Task TeamReachingTheSite_RecordsOneArrival_AndLeavingBeyondTheMargin_OneDeparture()
    {
        var number = await DispatchedCaseAsync();

        await TrackerAt(2000);
        await TrackerAt(100);  // inside 150 m
        await TrackerAt(60);
        await TrackerAt(200);  // outside the radius but inside 1.5 radii: still on site
        await TrackerAt(400);  // gone

        var entries = await FieldEntriesAsync(number);
        Assert.Equal([CaseStepKind.SiteArrived, CaseStepKind.SiteDeparted], entries.Select(e => e.Kind));
        Assert.Equal((FieldNode.Team, "op-1", FieldNode.Tracker), (entries[0].Step!.Field!.TeamId, entries[0].Step!.Field!.OperationId, entries[0].Step!.Field!.DeviceId));
        Assert.Equal(FieldNode.SiteLatitude + 100 / 111_320d, entries[0].Step!.Field!.Latitude, 9);
        Assert.Equal("team:" + FieldNode.Team, entries[0].Actor);
        Assert.True((await _node.Case(number).VerifyRecord()).Intact);
    }

    [Fact]
    public async Task PositionsOfTheTeam_AreStreamedToItsCourt_WithTheOperationAndWhetherOnSite()
    {
        var number = await DispatchedCaseAsync();
        var received = new List<TeamPosition>();
        await using var subscription = await _node.WatchPositionsAsync(position =>
        {
            lock (received)
            {
                received.Add(position);
            }

            return Task.CompletedTask;
        });

        await TrackerAt(1000);
        await TrackerAt(10);

        await Wait.UntilAsync(() => { lock (received) { return received.Count == 2; } }, "two positions");
        Assert.Equal([(1000d, false), (10d, true)], received.Select(p => (Math.Round((p.Latitude - FieldNode.SiteLatitude) * 111_320), p.OnSite)));
        Assert.All(received, p => Assert.Equal((FieldNode.Team, "SH01", FieldNode.Tracker, number), (p.TeamId, p.CourtId, p.DeviceId, p.CaseNumber)));
    }

    [Fact]
    public async Task GpsFixWithALowerSequenceNeverDelivered_GoesIntoTheTrailOnly_AndItsRepeatIsADuplicate()
    {
        var number = await DispatchedCaseAsync();
        var received = new List<TeamPosition>();
        await using var subscription = await _node.WatchPositionsAsync(position =>
        {
            lock (received)
            {
                received.Add(position);
            }

            return Task.CompletedTask;
        });
        var tracker = Device(FieldNode.Tracker);
        var now = _node.Time.GetUtcNow();

        var newest = await tracker.ReportGps(FieldNode.NorthOfSite(5, 2000, now));
        var late = await tracker.ReportGps(FieldNode.NorthOfSite(3, 10, now.AddSeconds(-20)));  // on site, but overtaken by fix 5
        var repeat = await tracker.ReportGps(FieldNode.NorthOfSite(3, 10, now.AddSeconds(-20)));

        Assert.Equal((TelemetryOutcome.Accepted, TelemetryOutcome.Accepted, TelemetryOutcome.Duplicate), (newest, late, repeat));
        await Wait.UntilAsync(() => { lock (received) { return received.Count == 2; } }, "both fixes on the positions stream");
        Assert.Equal([(5L, false), (3L, true)], received.Select(p => (p.Sequence, p.Late)));
        var device = await tracker.Get();
        Assert.Equal((5L, 2L, 1L), (device.LastGps!.Value.Sequence, device.Accepted, device.Duplicates));
        var team = await Team.Get();
        Assert.Equal((5L, false), (team.LastPosition!.Sequence, team.OnSite));
        Assert.Empty(await FieldEntriesAsync(number));
    }

    [Fact]
    public async Task BodyCameraNotRecordingOnSite_AlertsTheCommandCentreOncePerVisit()
    {
        var number = await DispatchedCaseAsync();
        var centre = await _node.CollectAsync(AlertStreams.CommandCentre);
        var now = _node.Time.GetUtcNow();
        await Device(FieldNode.CameraA).ReportStatus(new BodyCamStatus(1, now, Recording: true, 90, 10));
        await Device(FieldNode.CameraB).ReportStatus(new BodyCamStatus(1, now, Recording: false, 90, 10));

        await TrackerAt(20);
        await Device(FieldNode.CameraB).ReportStatus(new BodyCamStatus(2, now, Recording: false, 88, 10));

        await Wait.UntilAsync(() => centre.Alerts.Any(a => a.Kind == AlertKind.BodyCamNotRecording), "the not-recording alert");
        var alert = Assert.Single(centre.Alerts, a => a.Kind == AlertKind.BodyCamNotRecording);
        Assert.Equal((number, FieldNode.CameraB, FieldNode.Team), (alert.CaseNumber, alert.DeviceId, alert.TeamId));
    }

    [Fact]
    public async Task BodyCamerasRecordingOnArrival_RaiseNoAlert()
    {
        await DispatchedCaseAsync();
        var centre = await _node.CollectAsync(AlertStreams.CommandCentre);
        var now = _node.Time.GetUtcNow();
        await Device(FieldNode.CameraA).ReportStatus(new BodyCamStatus(1, now, Recording: true, 90, 10));
        await Device(FieldNode.CameraB).ReportStatus(new BodyCamStatus(1, now, Recording: true, 90, 10));

        await TrackerAt(20);
        // A later alert on the same stream proves the earlier ones were delivered.
        await Device(FieldNode.CameraA).ReportStatus(new BodyCamStatus(2, now, Recording: true, 5, 10));

        await Wait.UntilAsync(() => centre.Alerts.Any(a => a.Kind == AlertKind.DeviceBatteryLow), "the battery alert");
        Assert.DoesNotContain(centre.Alerts, a => a.Kind == AlertKind.BodyCamNotRecording);
    }

    [Fact]
    public async Task Evidence_LandsInTheCaseRecordWithItsHash_OnceEvenIfReportedAgain()
    {
        var number = await DispatchedCaseAsync();
        var now = _node.Time.GetUtcNow();
        var file = new EvidenceFile("VID_0001.mp4", new string('a', 64), 52_428_800, now.AddMinutes(-10), now, FieldNode.SiteLatitude, FieldNode.SiteLongitude);

        await Device(FieldNode.CameraA).ReportEvidence(new EvidenceReport(1, now, file));
        await Device(FieldNode.CameraA).ReportEvidence(new EvidenceReport(2, now, file)); // the camera sent it twice, under two numbers

        var entry = Assert.Single(await FieldEntriesAsync(number));
        Assert.Equal(CaseStepKind.EvidenceCaptured, entry.Kind);
        Assert.Equal(file, entry.Step!.Field!.Evidence);
        Assert.True((await _node.Case(number).VerifyRecord()).Intact);
    }

    [Fact]
    public async Task EvidenceWithoutAnOperation_IsKeptOnTheTeamUnfiled()
    {
        var now = _node.Time.GetUtcNow();
        var file = new EvidenceFile("VID_0002.mp4", new string('b', 64), 1_000, now.AddMinutes(-1), now, null, null);

        await Device(FieldNode.CameraA).ReportEvidence(new EvidenceReport(1, now, file));

        Assert.Equal([file], (await Team.Get()).UnfiledEvidence);
    }

    [Fact]
    public async Task DispatchToACaseOfAnotherCourt_IsRefusedExactlyLikeAnUnknownCase()
    {
        var number = CaseNode.NewCaseNumber("SH02");
        await _node.FileAndAssignAsync(number, court: "SH02");

        var refused = await Assert.ThrowsAsync<InputValidationException>(() => Team.Dispatch(new OperationOrder(number, FieldNode.SiteLatitude, FieldNode.SiteLongitude), "judge-wang"));
        var unknown = await Assert.ThrowsAsync<InputValidationException>(() => Team.Dispatch(new OperationOrder(CaseNode.NewCaseNumber("SH02"), FieldNode.SiteLatitude, FieldNode.SiteLongitude), "judge-wang"));

        Assert.Equal("no case of the team's court SH01 has this number.", refused.Errors["caseNumber"][0]);
        Assert.Equal(refused.Errors["caseNumber"], unknown.Errors["caseNumber"]);
    }

    [Fact]
    public async Task CaseStepWithTheSameIdempotencyKey_IsRecordedOnce()
    {
        var number = CaseNode.NewCaseNumber();
        var grain = await _node.FileAndAssignAsync(number);
        var step = new CaseStep(CaseStepKind.SiteArrived, Field: new FieldReport("SH01-T1", "op-1", "gps-1", 31.23, 121.47, _node.Time.GetUtcNow()), IdempotencyKey: "team/SH01-T1/op-1/arrived/1");

        var first = await grain.RecordStep(step, "team:SH01-T1");
        var again = await grain.RecordStep(step, "team:SH01-T1");

        Assert.Equal(first.RecordLength, again.RecordLength);
        Assert.Single(await grain.GetRecord(), e => e.Kind == CaseStepKind.SiteArrived);
    }
}
