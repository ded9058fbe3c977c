using System.Data.Common;
using System.Runtime.CompilerServices;
using Orleans;
using Orleans.Storage;
using Coordination.DeviceBridge.Hosting;
using Coordination.DeviceBridge.Mqtt.Client;
using Coordination.Grains.Devices;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// Handles each device message: topic, directory, payload and clock checks first (nothing reaches a grain unless all
/// pass), then the device grain. Bad messages are counted, logged (rate-limited) and republished under the dead-letter
/// prefix before they are acknowledged. A failure that retrying can fix (timeout, storage, shutdown) is thrown, so the
/// message stays unacknowledged and the broker delivers it again.
/// </summary>
public sealed class TelemetryHandler(
    IGrainFactory grains, DeviceDirectory devices, DeviceBridgeOptions options, BridgeCounters counters, DeadLetterLog log, TimeProvider time,
    Func<string, byte[], Task> publishDeadLetter)
{
    /// <summary>The <see cref="MqttMessageHandler"/>.</summary>
    public ValueTask HandleAsync(MqttMessage message, CancellationToken cancellationToken)
    {
        var rejection = Decode(message, out var report, out var deviceName);
        return rejection is { } bad ? new ValueTask(DeadLetterAsync(message, bad, deviceName)) : DeliverAsync(message, report);
    }

    private Rejection? Decode(MqttMessage message, out Report report, out string deviceName)
    {
        report = default;
        deviceName = "?";
        Span<char> chars = stackalloc char[TelemetryTopic.MaxLength];
        if (!TelemetryTopic.TryParse(message.Topic.Span, chars, out var kind, out var courtRange, out var deviceRange))
        {
            return new Rejection(DeadLetterReason.UnknownTopic, "not a device topic (courts/{court}/devices/{device}/gps, .../bodycam/status or .../bodycam/evidence)");
        }

        ReadOnlySpan<char> court = chars[courtRange];
        ReadOnlySpan<char> device = chars[deviceRange];
        if (!devices.TryGet(device, out var registration))
        {
            deviceName = device.ToString();
            return new Rejection(DeadLetterReason.UnknownDevice, $"no configured device '{deviceName}'");
        }

        if (!court.SequenceEqual(registration.CourtId))
        {
            deviceName = registration.DeviceId;
            return new Rejection(DeadLetterReason.WrongCourt, $"device {registration.DeviceId} belongs to court {registration.CourtId}, not {court}");
        }

        var rejection = Validate(message.Payload.Span, kind, registration, ref report);
        if (rejection is not null)
        {
            deviceName = registration.DeviceId;
        }

        report.Kind = kind;
        report.Device = registration;
        return rejection;
    }

    private Rejection? Validate(ReadOnlySpan<byte> payload, TelemetryKind kind, DeviceRegistration device, ref Report report)
    {
        if (payload.Length > options.MaxPayloadBytes)
        {
            return new Rejection(DeadLetterReason.Oversize, $"{payload.Length} bytes, limit {options.MaxPayloadBytes}");
        }

        if (kind != TelemetryKind.Gps && device.Kind != DeviceKind.BodyCamera)
        {
            return new Rejection(DeadLetterReason.WrongDeviceKind, $"device {device.DeviceId} is a {device.Kind}, not a body camera");
        }

        var latestAllowed = time.GetUtcNow() + options.MaxClockSkew;
        return kind switch
        {
            TelemetryKind.Gps => TelemetryDecoder.Decode(payload, latestAllowed, out report.Gps),
            TelemetryKind.BodyCamStatus => TelemetryDecoder.Decode(payload, latestAllowed, out report.Status),
            _ => TelemetryDecoder.Decode(payload, latestAllowed, out report.Evidence),
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverAsync(MqttMessage message, Report report)
    {
        var device = grains.GetGrain<IDeviceGrain>(report.Device.DeviceId);
        TelemetryOutcome outcome;
        try
        {
            outcome = report.Kind switch
            {
                TelemetryKind.Gps => await device.ReportGps(report.Gps),
                TelemetryKind.BodyCamStatus => await device.ReportStatus(report.Status),
                _ => await device.ReportEvidence(report.Evidence!),
            };
        }
        catch (Exception exception) when (!IsTransient(exception))
        {
            await DeadLetterAsync(message, new Rejection(DeadLetterReason.ProcessingFailed, exception.Message), report.Device.DeviceId);
            return;
        }

        if (outcome == TelemetryOutcome.Unregistered)
        {
            await DeadLetterAsync(message, new Rejection(DeadLetterReason.ProcessingFailed, $"device {report.Device.DeviceId} is configured but not registered yet"), report.Device.DeviceId);
            return;
        }

        counters.Count(outcome);
    }

    private async Task DeadLetterAsync(MqttMessage message, Rejection rejection, string device)
    {
        counters.Count(rejection.Reason);
        var topic = message.TopicName;
        log.Write(device, topic, rejection);
        var (letterTopic, letter) = DeadLetterBuilder.Build(options.DeadLetterPrefix, topic, message.Payload.Span, rejection, time.GetUtcNow(), options.MaxDeadLetterBytes);
        await publishDeadLetter(letterTopic, letter);
    }

    private static bool IsTransient(Exception exception) => exception is OrleansException or TimeoutException or IOException or DbException or OperationCanceledException;

    private struct Report
    {
        public TelemetryKind Kind;
        public DeviceRegistration Device;
        public GpsFix Gps;
        public BodyCamStatus Status;
        public EvidenceReport? Evidence;
    }
}
