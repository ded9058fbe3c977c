using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Coordination.Grains.Devices;
using Coordination.Grains.Devices.Commands;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>
/// Turns payloads into grain reports, checking every field. GPS and status payloads are value types read by the
/// source-generated serializer; a rejection is built only on the bad path.
/// </summary>
public static class TelemetryDecoder
{
    /// <summary>Decodes a GPS payload.</summary>
    public static Rejection? Decode(ReadOnlySpan<byte> payload, DateTimeOffset latestAllowed, out GpsFix fix)
    {
        fix = default;
        if (Read(payload, TelemetryJsonContext.Default.GpsPayload, out var gps) is { } bad)
        {
            return bad;
        }

        var rejection = Common(gps.Sequence, gps.Timestamp, latestAllowed)
            ?? OutOfRange(gps.Latitude is >= -90 and <= 90, "lat must be between -90 and 90")
            ?? OutOfRange(gps.Longitude is >= -180 and <= 180, "lon must be between -180 and 180")
            ?? OutOfRange(gps.AccuracyMetres is >= 0 and <= 10_000, "acc must be between 0 and 10000 metres")
            ?? OutOfRange(gps.SpeedKmh is >= 0 and <= 400, "speed must be between 0 and 400 km/h")
            ?? OutOfRange(gps.HeadingDegrees is >= 0 and <= 360, "heading must be between 0 and 360 degrees");
        if (rejection is null)
        {
            fix = new GpsFix(gps.Sequence, gps.Timestamp, gps.Latitude, gps.Longitude, gps.AccuracyMetres, gps.SpeedKmh, gps.HeadingDegrees);
        }

        return rejection;
    }

    /// <summary>Decodes a body-camera status payload.</summary>
    public static Rejection? Decode(ReadOnlySpan<byte> payload, DateTimeOffset latestAllowed, out BodyCamStatus status)
    {
        status = default;
        if (Read(payload, TelemetryJsonContext.Default.BodyCamStatusPayload, out var s) is { } bad)
        {
            return bad;
        }

        var rejection = Common(s.Sequence, s.Timestamp, latestAllowed)
            ?? OutOfRange(s.BatteryPercent is >= 0 and <= 100, "battery must be between 0 and 100")
            ?? OutOfRange(s.StoragePercent is >= 0 and <= 100, "storage must be between 0 and 100");
        if (rejection is null)
        {
            status = new BodyCamStatus(s.Sequence, s.Timestamp, s.Recording, s.BatteryPercent, s.StoragePercent);
        }

        return rejection;
    }

    /// <summary>Decodes an evidence payload.</summary>
    public static Rejection? Decode(ReadOnlySpan<byte> payload, DateTimeOffset latestAllowed, out EvidenceReport? evidence)
    {
        evidence = null;
        if (Read(payload, TelemetryJsonContext.Default.EvidencePayload, out var e) is { } bad)
        {
            return bad;
        }

        var hasPosition = e!.Latitude is not null || e.Longitude is not null;
        var rejection = Common(e.Sequence, e.Timestamp, latestAllowed)
            ?? OutOfRange(e.FileId.Length is > 0 and <= 128, "fileId must be 1 to 128 characters")
            ?? OutOfRange(EvidenceFile.IsSha256(e.Sha256), "sha256 must be 64 hexadecimal characters")
            ?? OutOfRange(e.SizeBytes > 0, "size must be more than 0")
            ?? OutOfRange(e.StartedAt <= e.EndedAt, "start must not be after end")
            ?? OutOfRange(!hasPosition || e.Latitude is >= -90 and <= 90 && e.Longitude is >= -180 and <= 180, "lat and lon must both be given and in range");
        if (rejection is null)
        {
            evidence = new EvidenceReport(e.Sequence, e.Timestamp, new EvidenceFile(e.FileId, e.Sha256.ToLowerInvariant(), e.SizeBytes, e.StartedAt, e.EndedAt, e.Latitude, e.Longitude));
        }

        return rejection;
    }

    /// <summary>Decodes a device's answer to a command.</summary>
    public static Rejection? Decode(ReadOnlySpan<byte> payload, DateTimeOffset latestAllowed, out DeviceCommandAck? ack)
    {
        ack = null;
        if (Read(payload, TelemetryJsonContext.Default.CommandAckPayload, out var a) is { } bad)
        {
            return bad;
        }

        var rejection = OutOfRange(a!.CommandId.Length is > 0 and <= MaxCommandIdLength, $"commandId must be 1 to {MaxCommandIdLength} characters")
            ?? OutOfRange(a.Detail is null || a.Detail.Length <= MaxAckDetailLength, $"detail must be at most {MaxAckDetailLength} characters")
            ?? (a.Timestamp > latestAllowed ? new Rejection(DeadLetterReason.FutureTimestamp, $"ts {a.Timestamp:o} is ahead of the node's clock") : null);
        if (rejection is null)
        {
            ack = new DeviceCommandAck(a.CommandId, a.Timestamp, a.Succeeded, a.Detail);
        }

        return rejection;
    }

    /// <summary>Longest command id accepted in an answer.</summary>
    public const int MaxCommandIdLength = 100;

    /// <summary>Longest detail accepted in an answer.</summary>
    public const int MaxAckDetailLength = 500;

    /// <summary>
    /// Reads a payload that must be one complete JSON object in valid UTF-8. Anything else (invalid UTF-8, empty, a bare
    /// value, a truncated or otherwise malformed document) is <see cref="DeadLetterReason.NotJson"/>; well-formed JSON
    /// that does not fit the payload type is <see cref="DeadLetterReason.BadPayload"/>.
    /// </summary>
    private static Rejection? Read<T>(ReadOnlySpan<byte> payload, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, out T value)
    {
        value = default!;
        // The deserializer skips unknown properties without decoding them, so invalid UTF-8 there would go unnoticed.
        if (!Utf8.IsValid(payload))
        {
            return NotJson($"the payload is not valid UTF-8 (byte {FirstInvalidUtf8(payload)})");
        }

        var start = payload.TrimStart(" \t\r\n"u8);
        if (start.IsEmpty)
        {
            return NotJson(payload.IsEmpty ? "the payload is empty" : "the payload is only white space");
        }

        if (start[0] != (byte)'{')
        {
            return NotJson("the payload is not a JSON object");
        }

        try
        {
            value = JsonSerializer.Deserialize(payload, type)!;
            return null;
        }
        catch (JsonException exception)
        {
            return SyntaxError(payload) is { } malformed
                ? NotJson($"the payload is not well-formed JSON: {malformed}")
                : new Rejection(DeadLetterReason.BadPayload, exception.Message);
        }
    }

    /// <summary>What is wrong with the JSON syntax of <paramref name="payload"/>; null if it is one well-formed value. Only on the bad path.</summary>
    private static string? SyntaxError(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> payload)
    {
        var offset = 0;
        while (offset < payload.Length && Rune.DecodeFromUtf8(payload[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    private static Rejection NotJson(string detail) => new(DeadLetterReason.NotJson, detail);

    private static Rejection? Common(long sequence, DateTimeOffset timestamp, DateTimeOffset latestAllowed) =>
        OutOfRange(sequence >= 1, "seq must be 1 or more")
        ?? (timestamp > latestAllowed ? new Rejection(DeadLetterReason.FutureTimestamp, $"ts {timestamp:o} is ahead of the node's clock") : null);

    private static Rejection? OutOfRange(bool valid, string detail) => valid ? null : new Rejection(DeadLetterReason.OutOfRange, detail);
}
