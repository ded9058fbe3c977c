using Coordination.Grains.Alerts;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using Coordination.Grains.Tests.FieldTeams;
using Coordination.Grains.Validation;
using Coordination.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans;

namespace Coordination.Grains.Tests.Devices;

/// <summary>Commands to devices through the device grain, with a fake bridge that delivers, fails or hangs, on the node's fake clock.</summary>
public sealed class DeviceCommandTests : IAsyncLifetime
{
    private static readonly DeviceCommandSender Judge = new("judge-wang", IsJudge: true);
    private static readonly DeviceCommandSender Centre = new("centre-chen", IsJudge: false);

    private readonly FakeDeviceCommandChannel _channel = new();
    private readonly ExpiryTickGate _gate = new();
    private CaseNode? _node;

    private CaseNode Node => _node ?? throw new InvalidOperationException("Start the node first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    private async Task StartAsync(Action<DeviceCommandOptions>? commands = null)
    {
        _node = FieldNode.Create(o => commands?.Invoke(o.DeviceMonitoring.Commands), services => services.AddSingleton<IDeviceCommandChannel>(_channel).AddSingleton<IIncomingGrainCallFilter>(_gate));
        await _node.InitializeAsync();
    }

    private IDeviceGrain Camera => Node.Client.GetGrain<IDeviceGrain>(FieldNode.CameraA);

    private static DeviceCommandRequest Message(string text = "请返回集合点", int seconds = 60) => new(DeviceCommandKind.Message, text, seconds);

    private static DeviceCommandAck Answer(DeviceCommand command, bool succeeded = true, string? detail = null) => new(command.Id, TestNode.Start, succeeded, detail);

    /// <summary>Moves the clock on by <paramref name="by"/> and waits until at least one reminder tick has run and none is running.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        var before = Node.Node.Reminders.Completed;
        Node.Time.Advance(by);
        await Wait.UntilAsync(() => Node.Node.Reminders.Completed > before && Node.Node.Reminders.Running == 0, "a reminder tick");
    }

    private static IReadOnlyList<Alert> Expired(AlertCollector stream) => [.. stream.Alerts.Where(a => a.Kind == AlertKind.DeviceCommandExpired)];

    [Fact]
    public async Task Command_IsDeliveredAtTheBrokersAcknowledgement_ThenAcknowledgedByTheDevice_AndRaisesNoAlert()
    {
        await StartAsync();
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var now = Node.Time.GetUtcNow();

        var sent = await Camera.SendCommand(new DeviceCommandRequest(DeviceCommandKind.StartRecording, ExpiresInSeconds: 60), Judge);

        Assert.Equal((DeviceCommandStatus.Delivered, now, now + TimeSpan.FromSeconds(60), Judge), (sent.Status, sent.DeliveredAt, sent.ExpiresAt, sent.Sender));
        Assert.StartsWith("cmd-", sent.Id, StringComparison.Ordinal);
        Assert.Equal(new DeviceCommandMessage(FieldNode.CameraA, sent.Id, DeviceCommandKind.StartRecording, null, sent.ExpiresAt), Assert.Single(_channel.Published));
        Assert.Equal(TelemetryOutcome.Accepted, await Camera.AcknowledgeCommand(Answer(sent)));
        var listed = Assert.Single(await Camera.GetCommands());
        Assert.Equal((DeviceCommandStatus.Acknowledged, now, true), (listed.Status, listed.AnsweredAt, listed.Succeeded));

        await AdvanceAsync(TimeSpan.FromSeconds(61)); // the expiry reminder's tick finds nothing to expire
        Assert.Empty(Expired(court));
        Assert.Equal(DeviceCommandStatus.Acknowledged, Assert.Single(await Camera.GetCommands()).Status);
    }

    [Fact]
    public async Task DeviceAnswersItCouldNot_CommandFailsWithTheDevicesDetail()
    {
        await StartAsync();
        var sent = await Camera.SendCommand(new DeviceCommandRequest(DeviceCommandKind.StopRecording), Centre);

        Assert.Equal(TelemetryOutcome.Accepted, await Camera.AcknowledgeCommand(Answer(sent, succeeded: false, "storage full")));

        var listed = Assert.Single(await Camera.GetCommands());
        Assert.Equal((DeviceCommandStatus.Failed, false, "storage full", null), (listed.Status, listed.Succeeded, listed.Detail, listed.DetailText));
    }

    [Fact]
    public async Task HandOverFails_CommandIsReturnedAndListedFailedWithTheReason_AndNeverExpires()
    {
        await StartAsync();
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        _channel.Mode = FakeDeviceCommandChannel.Behaviour.Fail;

        var sent = await Camera.SendCommand(Message(), Judge);

        Assert.Equal((DeviceCommandStatus.Failed, null, _channel.FailureReason, null), (sent.Status, sent.DeliveredAt, sent.Detail, sent.DetailText));
        Assert.Equal(sent, Assert.Single(await Camera.GetCommands()));
        await AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Empty(Expired(court));
    }

    [Fact]
    public async Task BrokerNeverAcknowledges_CommandFailsAtThePublishTimeout()
    {
        await StartAsync();
        _channel.Mode = FakeDeviceCommandChannel.Behaviour.Hang;

        var sending = Camera.SendCommand(Message(), Judge);
        await Wait.UntilAsync(() => _channel.Published.Count == 1, "the hand-over to start");
        Node.Time.Advance(TimeSpan.FromSeconds(10));
        var sent = await sending;

        Assert.Equal((DeviceCommandStatus.Failed, "The broker did not acknowledge the command within 10 s."), (sent.Status, sent.Detail));
        Assert.Equal(DeviceCommandStatus.Failed, Assert.Single(await Camera.GetCommands()).Status);
    }

    [Fact]
    public async Task UnansweredCommandOfAJudge_ExpiresWithOneAlert_OnTheJudgesTheCourtsAndTheCommandCentresStreams()
    {
        await StartAsync();
        var judge = await Node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var centre = await Node.CollectAsync(AlertStreams.CommandCentre);
        var sent = await Camera.SendCommand(Message(), Judge);

        Node.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(DeviceCommandStatus.Delivered, Assert.Single(await Camera.GetCommands()).Status);
        Node.Time.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => Expired(judge).Count > 0 && Expired(court).Count > 0 && Expired(centre).Count > 0, "the expiry alert on all three streams");

        var alert = Assert.Single(Expired(judge));
        Assert.Equal(("SH01", "judge-wang", FieldNode.CameraA, FieldNode.Team), (alert.CourtId, alert.JudgeId, alert.DeviceId, alert.TeamId));
        Assert.Contains(sent.Id, alert.Title, StringComparison.Ordinal);
        var listed = Assert.Single(await Camera.GetCommands());
        Assert.Equal((DeviceCommandStatus.Expired, null), (listed.Status, listed.AnsweredAt));
        Assert.Equal(("No answer from the device before the command expired.", "outcome.command.noAnswer"), (listed.Detail, listed.DetailText?.Key));
        await AdvanceAsync(TimeSpan.FromMinutes(3)); // silence checks tick; nothing raises the alert again
        Assert.Single(Expired(court));
        Assert.Single(Expired(centre));
    }

    [Fact]
    public async Task UnansweredCommandOfTheCommandCentre_ExpiresWithOneAlert_ForTheCourtAndTheCommandCentre_AndNoJudge()
    {
        await StartAsync();
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var centre = await Node.CollectAsync(AlertStreams.CommandCentre);
        await Camera.SendCommand(Message(), Centre);

        Node.Time.Advance(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => Expired(court).Count > 0 && Expired(centre).Count > 0, "the expiry alert");

        Assert.Null(Assert.Single(Expired(court)).JudgeId);
        Assert.Single(Expired(centre));
    }

    [Fact]
    public async Task TwoOpenCommands_EachExpiresAtItsOwnTime()
    {
        await StartAsync();
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var later = await Camera.SendCommand(Message(seconds: 120), Centre);
        var sooner = await Camera.SendCommand(Message(seconds: 30), Centre);

        Node.Time.Advance(TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => Expired(court).Count == 1, "the first expiry");
        Assert.Equal([DeviceCommandStatus.Expired, DeviceCommandStatus.Delivered], (await Camera.GetCommands()).Select(c => c.Status));
        Node.Time.Advance(TimeSpan.FromSeconds(90));
        await Wait.UntilAsync(() => Expired(court).Count == 2, "the second expiry");

        Assert.Equal([sooner.Id, later.Id], Expired(court).Select(a => a.Title.Split('(', ')')[1]));
    }

    [Fact]
    public async Task RepeatedAnswer_ChangesNothing_AndIsADuplicate()
    {
        await StartAsync();
        var sent = await Camera.SendCommand(Message(), Judge);
        Assert.Equal(TelemetryOutcome.Accepted, await Camera.AcknowledgeCommand(Answer(sent)));
        var answered = await Camera.GetCommands();
        Node.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(TelemetryOutcome.Duplicate, await Camera.AcknowledgeCommand(Answer(sent)));
        Assert.Equal(TelemetryOutcome.Duplicate, await Camera.AcknowledgeCommand(Answer(sent, succeeded: false, "changed its mind")));

        Assert.Equal(answered, await Camera.GetCommands());
    }

    [Fact]
    public async Task AnswerNamingNoCommandOfTheDevice_Throws()
    {
        await StartAsync();
        var sent = await Camera.SendCommand(Message(), Judge);
        var other = Node.Client.GetGrain<IDeviceGrain>(FieldNode.CameraB);

        await Assert.ThrowsAsync<ArgumentException>(() => Camera.AcknowledgeCommand(new DeviceCommandAck("cmd-unknown", TestNode.Start, true, null)));
        await Assert.ThrowsAsync<ArgumentException>(() => other.AcknowledgeCommand(Answer(sent)));

        Assert.Equal(DeviceCommandStatus.Delivered, Assert.Single(await Camera.GetCommands()).Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswerAfterTheExpiry_IsRecordedAsLate_TheStatusStaysExpired_AndTheAlertGoesOnce(bool reminderRanFirst)
    {
        await StartAsync();
        var court = await Node.CollectAsync(AlertStreams.ForCourt("SH01"));
        var sent = await Camera.SendCommand(Message(), Judge);
        _gate.Closed = !reminderRanFirst;

        Node.Time.Advance(TimeSpan.FromSeconds(61));
        if (reminderRanFirst)
        {
            await Wait.UntilAsync(() => Expired(court).Count > 0, "the expiry alert");
        }

        Assert.Equal(TelemetryOutcome.Accepted, await Camera.AcknowledgeCommand(Answer(sent)));
        Assert.Equal(TelemetryOutcome.Duplicate, await Camera.AcknowledgeCommand(Answer(sent)));

        var listed = Assert.Single(await Camera.GetCommands());
        Assert.Equal((DeviceCommandStatus.Expired, sent.SentAt + TimeSpan.FromSeconds(61), true), (listed.Status, listed.AnsweredAt, listed.Succeeded));
        Assert.True(listed.AnsweredAt > listed.ExpiresAt);
        Assert.Equal(("The device answered after the command expired.", "outcome.command.answeredLate"), (listed.Detail, listed.DetailText?.Key));
        await Wait.UntilAsync(() => Expired(court).Count > 0, "the expiry alert");
        _gate.Closed = false;
        await AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Single(Expired(court));
    }

    [Fact]
    public async Task CommandsAndTheirExpiry_SurviveARestart()
    {
        await StartAsync();
        var answered = await Camera.SendCommand(new DeviceCommandRequest(DeviceCommandKind.ReturnToBase), Centre);
        await Camera.AcknowledgeCommand(Answer(answered));
        var open = await Camera.SendCommand(Message(), Judge);
        var before = await Camera.GetCommands();

        await Node.Node.RestartAsync();

        Assert.Equal(before, await Camera.GetCommands());
        Assert.Equal([open.Id, answered.Id], before.Select(c => c.Id));
        var judge = await Node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        Node.Time.Advance(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => Expired(judge).Count == 1, "the expiry alert after the restart");
        Assert.Equal(TelemetryOutcome.Duplicate, await Camera.AcknowledgeCommand(Answer(answered)));
    }

    [Fact]
    public async Task NodeDiesDuringTheHandOver_TheCommandIsStillListedAsSent_AndExpiresWithAnAlert()
    {
        // A long publish timeout: the dead activation's timeout must not fire while the clock moves on after the restart.
        await StartAsync(o => o.PublishTimeout = TimeSpan.FromHours(1));
        _channel.Mode = FakeDeviceCommandChannel.Behaviour.Hang;
        var sending = Camera.SendCommand(Message(), Judge);
        await Wait.UntilAsync(() => _channel.Published.Count == 1, "the hand-over to start");

        await Node.Node.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
        await Node.Node.StartAgainAsync();

        var listed = Assert.Single(await Camera.GetCommands());
        Assert.Equal((_channel.Published[0].CommandId, DeviceCommandStatus.Sent), (listed.Id, listed.Status));
        var judge = await Node.CollectAsync(AlertStreams.ForJudge("judge-wang"));
        Node.Time.Advance(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => Expired(judge).Count == 1, "the expiry alert");
        Assert.Equal(DeviceCommandStatus.Expired, Assert.Single(await Camera.GetCommands()).Status);
    }

    [Fact]
    public async Task SettledCommandsBeyondTheLimit_AreForgottenOldestFirst_AndTooManyOpenOnesAreRefused()
    {
        await StartAsync(o => (o.KeepSettled, o.MaxOpen) = (2, 2));
        var settled = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var sent = await Camera.SendCommand(Message($"第{i}条"), Centre);
            await Camera.AcknowledgeCommand(Answer(sent));
            settled.Add(sent.Id);
        }

        var open = new[] { await Camera.SendCommand(Message(), Centre), await Camera.SendCommand(Message(), Centre) };
        await Assert.ThrowsAsync<DeviceCommandRefusedException>(() => Camera.SendCommand(Message(), Centre));

        Assert.Equal([open[1].Id, open[0].Id, settled[3], settled[2]], (await Camera.GetCommands()).Select(c => c.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => Camera.AcknowledgeCommand(new DeviceCommandAck(settled[0], TestNode.Start, true, null)));
        Assert.Equal(6, _channel.Published.Count);
    }

    [Fact]
    public async Task RecordingCommandToATracker_IsRefusedNamingTheKind_AndNothingIsSent()
    {
        await StartAsync();
        var tracker = Node.Client.GetGrain<IDeviceGrain>(FieldNode.Tracker);

        var refused = await Assert.ThrowsAsync<InputValidationException>(() => tracker.SendCommand(new DeviceCommandRequest(DeviceCommandKind.StartRecording), Judge));

        Assert.Equal(["StartRecording is for body cameras; gps-1 is a GpsTracker."], refused.Errors["kind"]);
        Assert.Empty(_channel.Published);
        Assert.Empty(await tracker.GetCommands());
    }

    [Fact]
    public async Task ExpiryReminder_LeavesTheSilenceCheckRunning()
    {
        await StartAsync();
        var centre = await Node.CollectAsync(AlertStreams.CommandCentre);
        var tracker = Node.Client.GetGrain<IDeviceGrain>(FieldNode.Tracker);
        await tracker.ReportGps(FieldNode.NorthOfSite(1, 5000, Node.Time.GetUtcNow()));
        await tracker.SendCommand(new DeviceCommandRequest(DeviceCommandKind.ReturnToBase, ExpiresInSeconds: 60), Centre);

        Node.Time.Advance(TimeSpan.FromSeconds(60));
        await Wait.UntilAsync(() => Expired(centre).Count == 1, "the expiry alert");
        for (var step = 0; step < 28; step++)
        {
            Node.Time.Advance(TimeSpan.FromSeconds(15)); // past SilentAfter (5 minutes) and the check after it
        }

        await Wait.UntilAsync(() => centre.Alerts.Any(a => a is { Kind: AlertKind.DeviceSilent, DeviceId: FieldNode.Tracker }), "the silence alert");
        Assert.Equal(FieldNode.Tracker, Assert.Single(Expired(centre)).DeviceId);
    }
}

/// <summary>Drops the command-expiry reminder's ticks while <see cref="Closed"/>, as if the reminder service were late.</summary>
internal sealed class ExpiryTickGate : IIncomingGrainCallFilter
{
    public bool Closed { get; set; }

    public Task Invoke(IIncomingGrainCallContext context) =>
        Closed && context.InterfaceMethod?.Name == nameof(IRemindable.ReceiveReminder) && context.Request.GetArgument(0) is "command-expiry" ? Task.CompletedTask : context.Invoke();
}
