using System.Text.Json.Serialization;

namespace Coordination.DeviceBridge.Telemetry;

/// <summary>A GPS message: <c>{"seq":42,"ts":"2026-11-22T08:00:00Z","lat":31.23,"lon":121.47,"acc":5,"speed":32.5,"heading":90}</c>.</summary>
public readonly record struct GpsPayload(
    [property: JsonPropertyName("seq"), JsonRequired] long Sequence,
    [property: JsonPropertyName("ts"), JsonRequired] DateTimeOffset Timestamp,
    [property: JsonPropertyName("lat"), JsonRequired] double Latitude,
    [property: JsonPropertyName("lon"), JsonRequired] double Longitude,
    [property: JsonPropertyName("acc")] double AccuracyMetres,
    [property: JsonPropertyName("speed")] double SpeedKmh,
    [property: JsonPropertyName("heading")] double HeadingDegrees);

/// <summary>A body-camera status: <c>{"seq":43,"ts":"...","recording":true,"battery":76,"storage":41}</c>.</summary>
public readonly record struct BodyCamStatusPayload(
    [property: JsonPropertyName("seq"), JsonRequired] long Sequence,
    [property: JsonPropertyName("ts"), JsonRequired] DateTimeOffset Timestamp,
    [property: JsonPropertyName("recording"), JsonRequired] bool Recording,
    [property: JsonPropertyName("battery"), JsonRequired] int BatteryPercent,
    [property: JsonPropertyName("storage"), JsonRequired] int StoragePercent);

/// <summary>
/// A finished recording: <c>{"seq":44,"ts":"...","fileId":"VID_0001.mp4","sha256":"…64 hex…","size":52428800,
/// "start":"...","end":"...","lat":31.23,"lon":121.47}</c> (position optional).
/// </summary>
public sealed record EvidencePayload(
    [property: JsonPropertyName("seq"), JsonRequired] long Sequence,
    [property: JsonPropertyName("ts"), JsonRequired] DateTimeOffset Timestamp,
    [property: JsonPropertyName("fileId"), JsonRequired] string FileId,
    [property: JsonPropertyName("sha256"), JsonRequired] string Sha256,
    [property: JsonPropertyName("size"), JsonRequired] long SizeBytes,
    [property: JsonPropertyName("start"), JsonRequired] DateTimeOffset StartedAt,
    [property: JsonPropertyName("end"), JsonRequired] DateTimeOffset EndedAt,
    [property: JsonPropertyName("lat")] double? Latitude,
    [property: JsonPropertyName("lon")] double? Longitude);

/// <summary>
/// A command to a device, on <c>devices/{device}/commands</c>:
/// <c>{"commandId":"cmd-…","kind":"Message","text":"…","expiresAt":"..."}</c> (<c>text</c> only for <c>Message</c>).
/// </summary>
public sealed record CommandPayload(
    [property: JsonPropertyName("commandId")] string CommandId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);

/// <summary>
/// A device's answer to a command, on <c>courts/{court}/devices/{device}/command-acks</c>:
/// <c>{"commandId":"cmd-…","ts":"...","ok":true}</c>, or <c>"ok":false</c> with a <c>"detail"</c> saying why it could not.
/// </summary>
public sealed record CommandAckPayload(
    [property: JsonPropertyName("commandId"), JsonRequired] string CommandId,
    [property: JsonPropertyName("ts"), JsonRequired] DateTimeOffset Timestamp,
    [property: JsonPropertyName("ok"), JsonRequired] bool Succeeded,
    [property: JsonPropertyName("detail")] string? Detail);

/// <summary>
/// What the bridge republishes under <c>deadletter/</c> followed by the original topic. The original payload is carried
/// as text when it is valid UTF-8 (<see cref="PayloadEncoding"/> <c>utf-8</c>, in <see cref="Payload"/>), else in base64
/// (<c>base64</c>, in <see cref="PayloadBase64"/>), cut short if the whole letter would not fit the broker's packet limit.
/// </summary>
/// <param name="Reason">Why (kebab-case <see cref="DeadLetterReason"/>).</param>
/// <param name="Detail">What exactly was wrong.</param>
/// <param name="Topic">The original topic, cut to <see cref="TelemetryTopic.MaxLength"/> characters.</param>
/// <param name="ReceivedAt">When the bridge received it.</param>
/// <param name="Payload">The original payload as text if it was valid UTF-8, else null.</param>
/// <param name="PayloadBase64">The original payload in base64 if it was not valid UTF-8, else null.</param>
/// <param name="PayloadEncoding">How the payload is carried: <c>utf-8</c> (in <see cref="Payload"/>) or <c>base64</c> (in <see cref="PayloadBase64"/>).</param>
/// <param name="PayloadBytes">The original payload's length in bytes.</param>
/// <param name="PayloadTruncated">True if only the first part of the payload is carried.</param>
/// <param name="TopicTruncated">True if only the first part of the topic is carried (here and in the dead letter's topic).</param>
public sealed record DeadLetter(
    string Reason, string Detail, string Topic, DateTimeOffset ReceivedAt, string? Payload, string? PayloadBase64, string PayloadEncoding, int PayloadBytes,
    bool PayloadTruncated, bool TopicTruncated);

/// <summary>JSON metadata for the payloads (System.Text.Json source generation).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(GpsPayload))]
[JsonSerializable(typeof(BodyCamStatusPayload))]
[JsonSerializable(typeof(EvidencePayload))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(CommandPayload))]
[JsonSerializable(typeof(CommandAckPayload))]
public sealed partial class TelemetryJsonContext : JsonSerializerContext;
