using System.Collections.Concurrent;
using System.Text.Json;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Coordination.DeviceBridge.Simulation;

/// <summary>
/// Moves field teams' devices around circular routes and publishes what real devices would: GPS from every device,
/// body-camera status every tenth round and an evidence file every hundredth, at QoS 1, plus the odd malformed message.
/// It reads the devices' commands and answers each on the device's <c>command-acks</c> topic; a body camera records from
/// <c>StartRecording</c> until <c>StopRecording</c> (its status says so). Sequence numbers start from the clock
/// (microseconds since 1970), so a later run continues above an earlier one. A lost connection is made again at the
/// next round; messages of the rounds in between are counted as not sent.
/// </summary>
public sealed class DeviceSimulator(SimulatorOptions options, IReadOnlyList<FieldTeamOptions> teams, MqttClientOptions mqtt, TimeProvider time, TextWriter output)
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, bool> _recording = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string CourtId, DeviceKind Kind)> _devices = teams
        .SelectMany(team => team.Devices.Select(device => (device.Id, team.CourtId, device.Kind))).ToDictionary(d => d.Id, d => (d.CourtId, d.Kind), StringComparer.Ordinal);
    private long _unsent;
    private long _commands;
    private static readonly (double Latitude, double Longitude) Centre = (31.2304, 121.4737);
    private readonly long _firstSequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    private long _sent;
    private long _malformed;

    /// <summary>Messages published so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Of them, deliberately malformed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Messages not sent because the broker was not reachable.</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    /// <summary>Commands received and answered.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    /// <summary>Whether the body camera <paramref name="deviceId"/> records now (commands start and stop it).</summary>
    public bool IsRecording(string deviceId) => _recording.GetValueOrDefault(deviceId);

    /// <summary>Connects (clean start) and subscribes to the devices' commands; throws if the broker cannot be reached or refuses.</summary>
    public async Task<IMqttClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e => AnswerCommandAsync(client, e);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BrokerTimeout);
        try
        {
            var connected = await client.ConnectAsync(mqtt, timeout.Token);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode}");
            }

            var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("devices/+/commands", MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
            if (subscribed.Items.Single().ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
            {
                throw new InvalidOperationException($"the broker refused the subscription to the devices' commands: {subscribed.Items.Single().ResultCode}");
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Runs until <see cref="SimulatorOptions.Duration"/> passes or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var devices = teams.Take(options.Teams ?? teams.Count)
            .SelectMany((team, index) => team.Devices.Select(device => (Team: team, TeamIndex: index, Device: device))).ToList();
        if (devices.Count == 0)
        {
            throw new InvalidOperationException("No field team with devices is configured (FieldTeams in appsettings.json).");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var interval = TimeSpan.FromSeconds(devices.Count / options.Rate);
        using var timer = new PeriodicTimer(interval, time);
        var lastReport = time.GetTimestamp();
        IMqttClient? client = await ConnectAsync(stop.Token);
        try
        {
            for (long round = 0; await timer.WaitForNextTickAsync(stop.Token); round++)
            {
                client ??= await TryReconnectAsync(stop.Token);
                if (client is null)
                {
                    Interlocked.Add(ref _unsent, devices.Count);
                    continue;
                }

                try
                {
                    await Task.WhenAll(devices.Select(d => PublishAsync(client, d.Team, d.TeamIndex, d.Device, round, stop.Token)));
                }
                catch (Exception exception) when (exception is MqttCommunicationException or OperationCanceledException && !stop.IsCancellationRequested)
                {
                    await output.WriteLineAsync($"simulator: the broker connection was lost ({exception.Message}); reconnecting");
                    client.Dispose();
                    client = null;
                }

                if (time.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
                {
                    lastReport = time.GetTimestamp();
                    await output.WriteLineAsync($"simulator: {Sent} messages sent ({Malformed} malformed, {Unsent} not sent), {Commands} commands answered, {devices.Count} devices");
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or MqttCommunicationException && stop.IsCancellationRequested)
        {
            // Stopped: MQTTnet reports a publish cancelled by the stop as a timeout.
        }
        finally
        {
            client?.Dispose();
        }

        await output.WriteLineAsync($"simulator: done, {Sent} messages sent ({Malformed} malformed, {Unsent} not sent), {Commands} commands answered");
    }

    private async Task<IMqttClient?> TryReconnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is MqttCommunicationException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Answers a command for one of the simulated devices: carried out, or refused (expired, or recording asked of a GPS tracker).</summary>
    private async Task AnswerCommandAsync(IMqttClient client, MqttApplicationMessageReceivedEventArgs received)
    {
        var parts = received.ApplicationMessage.Topic.Split('/');
        if (parts.Length != 3 || !_devices.TryGetValue(parts[1], out var device))
        {
            return;
        }

        CommandPayload? command;
        try
        {
            command = JsonSerializer.Deserialize(received.ApplicationMessage.Payload.FirstSpan, TelemetryJsonContext.Default.CommandPayload);
        }
        catch (JsonException)
        {
            return;
        }

        if (command is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var refusal = now > command.ExpiresAt ? "expired before it arrived"
            : command.Kind is "StartRecording" or "StopRecording" && device.Kind != DeviceKind.BodyCamera ? "not a body camera"
            : null;
        if (refusal is null && command.Kind is "StartRecording" or "StopRecording")
        {
            _recording[parts[1]] = command.Kind == "StartRecording";
        }

        var answer = JsonSerializer.SerializeToUtf8Bytes(new CommandAckPayload(command.CommandId, now, refusal is null, refusal), TelemetryJsonContext.Default.CommandAckPayload);
        using var timeout = new CancellationTokenSource(BrokerTimeout);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(TelemetryTopic.For(device.CourtId, parts[1], TelemetryKind.CommandAck))
            .WithPayload(answer).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token);
        Interlocked.Increment(ref _commands);
    }

    private Task<MqttClientPublishResult> PublishAsync(IMqttClient client, FieldTeamOptions team, int teamIndex, FieldDeviceOptions device, long round, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sequence = _firstSequence + round + 1;
        var (latitude, longitude, heading) = PositionOf(teamIndex, now);
        var kind = device.Kind == DeviceKind.BodyCamera && round % 100 == 99 ? TelemetryKind.BodyCamEvidence
            : device.Kind == DeviceKind.BodyCamera && round % 10 == 0 ? TelemetryKind.BodyCamStatus
            : TelemetryKind.Gps;
        byte[] payload = kind switch
        {
            TelemetryKind.Gps => JsonSerializer.SerializeToUtf8Bytes(new GpsPayload(sequence, now, latitude, longitude, 5, 30, heading), TelemetryJsonContext.Default.GpsPayload),
            TelemetryKind.BodyCamStatus => JsonSerializer.SerializeToUtf8Bytes(
                new BodyCamStatusPayload(sequence, now, Recording: IsRecording(device.Id), BatteryPercent: (int)(100 - (round / 20 % 100)), StoragePercent: (int)(round / 50 % 100)),
                TelemetryJsonContext.Default.BodyCamStatusPayload),
            _ => JsonSerializer.SerializeToUtf8Bytes(
                new EvidencePayload(sequence, now, $"VID_{sequence}.mp4", Convert.ToHexStringLower(BitConverter.GetBytes(sequence).Concat(new byte[24]).ToArray()),
                    20_000_000, now.AddMinutes(-5), now, latitude, longitude),
                TelemetryJsonContext.Default.EvidencePayload),
        };
        var topic = TelemetryTopic.For(team.CourtId, device.Id, kind);
        var number = Interlocked.Increment(ref _sent);
        if (options.MalformedEvery > 0 && number % options.MalformedEvery == 0)
        {
            (topic, payload) = Malform(topic, payload, team, device, sequence, now);
            Interlocked.Increment(ref _malformed);
        }

        return client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
    }

    private (string Topic, byte[] Payload) Malform(string topic, byte[] payload, FieldTeamOptions team, FieldDeviceOptions device, long sequence, DateTimeOffset now) =>
        (Malformed % 5) switch
        {
            0 => (topic, "{\"seq\": oops"u8.ToArray()),
            1 => (TelemetryTopic.For(team.CourtId, device.Id, TelemetryKind.Gps), JsonSerializer.SerializeToUtf8Bytes(new GpsPayload(sequence, now, 91.5, 121.47, 5, 0, 0), TelemetryJsonContext.Default.GpsPayload)),
            2 => (TelemetryTopic.For(team.CourtId, device.Id, TelemetryKind.Gps), JsonSerializer.SerializeToUtf8Bytes(new GpsPayload(sequence, now.AddDays(1), 31.23, 121.47, 5, 0, 0), TelemetryJsonContext.Default.GpsPayload)),
            3 => (TelemetryTopic.For(team.CourtId, "unregistered-device", TelemetryKind.Gps), payload),
            _ => (TelemetryTopic.For(team.CourtId == "XX00" ? "XX01" : "XX00", device.Id, TelemetryKind.Gps), payload),
        };

    /// <summary>Team <paramref name="teamIndex"/> circles its own point east of the centre at 30 km/h.</summary>
    private (double Latitude, double Longitude, double Heading) PositionOf(int teamIndex, DateTimeOffset now)
    {
        const double MetresPerDegree = 111_320;
        var speed = 30 / 3.6;
        var angle = now.ToUnixTimeMilliseconds() / 1000.0 * speed / options.RouteRadiusMetres + teamIndex;
        var centreLatitude = Centre.Latitude + teamIndex * 0.03;
        var metresPerDegreeLongitude = MetresPerDegree * Math.Cos(centreLatitude * Math.PI / 180);
        var latitude = centreLatitude + Math.Cos(angle) * options.RouteRadiusMetres / MetresPerDegree;
        var longitude = Centre.Longitude + Math.Sin(angle) * options.RouteRadiusMetres / metresPerDegreeLongitude;
        var heading = ((angle * 180 / Math.PI) + 90) % 360;
        return (latitude, longitude, heading);
    }
}
