using System.Text.Json;
using Coordination.DeviceBridge.Mqtt.Client;
using Coordination.DeviceBridge.Mqtt.Packets;
using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;
using Coordination.Grains.FieldTeams;

namespace Coordination.DeviceBridge.Simulation;

/// <summary>
/// Moves field teams' devices around circular routes and publishes what real devices would: GPS from every device,
/// body-camera status every tenth round and an evidence file every hundredth, at QoS 1, plus the odd malformed message.
/// Sequence numbers start from the clock (microseconds since 1970), so a later run continues above an earlier one.
/// </summary>
public sealed class DeviceSimulator(SimulatorOptions options, IReadOnlyList<FieldTeamOptions> teams, MqttClient client, TimeProvider time, TextWriter output)
{
    private static readonly (double Latitude, double Longitude) Centre = (31.2304, 121.4737);
    private readonly long _firstSequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    private long _sent;
    private long _malformed;

    /// <summary>Messages published so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Of them, deliberately malformed.</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

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
        try
        {
            for (long round = 0; await timer.WaitForNextTickAsync(stop.Token); round++)
            {
                await Task.WhenAll(devices.Select(d => PublishAsync(d.Team, d.TeamIndex, d.Device, round, stop.Token)));
                if (time.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
                {
                    lastReport = time.GetTimestamp();
                    await output.WriteLineAsync($"simulator: {Sent} messages sent ({Malformed} malformed), {devices.Count} devices");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await output.WriteLineAsync($"simulator: done, {Sent} messages sent ({Malformed} malformed)");
    }

    private Task PublishAsync(FieldTeamOptions team, int teamIndex, FieldDeviceOptions device, long round, CancellationToken cancellationToken)
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
                new BodyCamStatusPayload(sequence, now, Recording: round % 200 < 150, BatteryPercent: (int)(100 - (round / 20 % 100)), StoragePercent: (int)(round / 50 % 100)),
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

        return client.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce, cancellationToken: cancellationToken);
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
