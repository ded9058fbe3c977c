using System.Buffers;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Orleans;
using Orleans.Storage;
using Coordination.DeviceBridge.Broker;
using Coordination.DeviceBridge.Hosting;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;
using MQTTnet.Exceptions;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// Handles each device message: topic, directory, payload and clock checks first (nothing reaches a grain unless all
/// pass), then the device grain. Bad messages are counted, logged (rate-limited) and republished under the dead-letter
/// prefix; the returned task completes once the dead letter is out or could not be published in time, so the message
/// is then acknowledged either way. A failure that retrying can fix (timeout, storage, shutdown) fails the task, so the
/// message stays unacknowledged and the broker delivers it again.
/// </summary>
public sealed class TelemetryHandler(
    IGrainFactory grains, DeviceDirectory devices, DeviceBridgeOptions options, BridgeCounters counters, DeadLetterLog log, TimeProvider time,
    Func<string, byte[], Task> publishDeadLetter)
{
    /// <summary>Checks the message now and starts applying it; the task is its effect.</summary>
    public Task HandleAsync(string topic, ReadOnlySequence<byte> payload)
    {
        // MQTTnet gives every received message its own buffer, so the payload may be kept for a later dead letter.
        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        Rejection? rejection;
        Report report;
        string deviceName;
        try
        {
            rejection = Decode(topic, bytes.Span, out report, out deviceName);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A payload the checks did not foresee must not fail again on every delivery: it is turned away.
            (rejection, report, deviceName) = (new Rejection(DeadLetterReason.BadPayload, $"the payload could not be read: {exception.Message}"), default, "?");
        }

        return rejection is { } bad ? DeadLetterAsync(topic, bytes.Span, bad, deviceName) : DeliverAsync(topic, bytes, report).AsTask();
    }

    private Rejection? Decode(string topic, ReadOnlySpan<byte> payload, out Report report, out string deviceName)
    {
        report = default;
        deviceName = "?";
        if (!TelemetryTopic.TryParse(topic, out var kind, out var courtRange, out var deviceRange))
        {
            return new Rejection(DeadLetterReason.UnknownTopic, "not a device topic (courts/{court}/devices/{device}/gps, .../bodycam/status, .../bodycam/evidence or .../command-acks)");
        }

        var court = topic.AsSpan()[courtRange];
        var device = topic.AsSpan()[deviceRange];
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

        var rejection = Validate(payload, kind, registration, ref report);
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

        if (kind is TelemetryKind.BodyCamStatus or TelemetryKind.BodyCamEvidence && device.Kind != DeviceKind.BodyCamera)
        {
            return new Rejection(DeadLetterReason.WrongDeviceKind, $"device {device.DeviceId} is a {device.Kind}, not a body camera");
        }

        var latestAllowed = time.GetUtcNow() + options.MaxClockSkew;
        return kind switch
        {
            TelemetryKind.Gps => TelemetryDecoder.Decode(payload, latestAllowed, out report.Gps),
            TelemetryKind.BodyCamStatus => TelemetryDecoder.Decode(payload, latestAllowed, out report.Status),
            TelemetryKind.CommandAck => TelemetryDecoder.Decode(payload, latestAllowed, out report.CommandAck),
            _ => TelemetryDecoder.Decode(payload, latestAllowed, out report.Evidence),
        };
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverAsync(string topic, ReadOnlyMemory<byte> payload, Report report)
    {
        var device = grains.GetGrain<IDeviceGrain>(report.Device.DeviceId);
        TelemetryOutcome outcome;
        try
        {
            outcome = report.Kind switch
            {
                TelemetryKind.Gps => await device.ReportGps(report.Gps),
                TelemetryKind.BodyCamStatus => await device.ReportStatus(report.Status),
                TelemetryKind.CommandAck => await device.AcknowledgeCommand(report.CommandAck!),
                _ => await device.ReportEvidence(report.Evidence!),
            };
        }
        catch (Exception exception) when (!IsTransient(exception))
        {
            await DeadLetterAsync(topic, payload.Span, new Rejection(DeadLetterReason.ProcessingFailed, exception.Message), report.Device.DeviceId);
            return;
        }

        if (outcome == TelemetryOutcome.Unregistered)
        {
            await DeadLetterAsync(topic, payload.Span, new Rejection(DeadLetterReason.ProcessingFailed, $"device {report.Device.DeviceId} is configured but not registered yet"), report.Device.DeviceId);
            return;
        }

        counters.Count(outcome);
    }

    private Task DeadLetterAsync(string topic, ReadOnlySpan<byte> payload, Rejection rejection, string device)
    {
        counters.Count(rejection.Reason);
        log.Write(device, topic, rejection);
        var (letterTopic, letter) = DeadLetterBuilder.Build(options.DeadLetterPrefix, topic, payload, rejection, time.GetUtcNow(), options.MaxDeadLetterBytes);
        return PublishDeadLetterAsync(letterTopic, letter);
    }

    private async Task PublishDeadLetterAsync(string topic, byte[] letter)
    {
        try
        {
            await publishDeadLetter(topic, letter);
        }
        catch (Exception exception) when (exception is not (OutOfMemoryException or BrokerUnavailableException or MqttClientDisconnectedException or ObjectDisposedException))
        {
            // Bounded by the operation timeout; the message is acknowledged anyway, its reason is counted and logged.
            // (A connection that ended is another matter: the message is then not acknowledged, and comes again.)
            counters.CountUnpublishedDeadLetter();
            log.WriteUnpublished(topic, exception);
        }
    }

    private static bool IsTransient(Exception exception) => exception is OrleansException or TimeoutException or IOException or DbException or OperationCanceledException;

    private struct Report
    {
        public TelemetryKind Kind;
        public DeviceRegistration Device;
        public GpsFix Gps;
        public BodyCamStatus Status;
        public EvidenceReport? Evidence;
        public DeviceCommandAck? CommandAck;
    }
}
