using Coordination.DeviceBridge.Telemetry;
using Coordination.Grains.Devices;

namespace Coordination.DeviceBridge.Tests.Telemetry;

/// <summary>How the decoder classifies payloads: not one JSON object in UTF-8, well-formed but wrong, or good.</summary>
public sealed class TelemetryDecoderUnitTests
{
    private static readonly DateTimeOffset LatestAllowed = new(2026, 1, 5, 0, 5, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, (byte[] Payload, string Detail)> NotJson = new()
    {
        // A complete GPS fix but for one unknown field holding bytes that are not UTF-8 (0xC3 0x28): the deserializer
        // would skip the field without decoding it.
        ["invalid-utf8-in-an-object"] = ([.. "{\"seq\":2,\"ts\":\"2026-01-05T00:00:00Z\",\"lat\":31,\"lon\":121,\"note\":\""u8, 0xC3, 0x28, .. "\"}"u8],
            "not valid UTF-8 (byte 64)"),
        ["invalid-utf8-alone"] = ([0xFF, 0xFE, 0x7B], "not valid UTF-8 (byte 0)"),
        ["truncated-object"] = ("""{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31"""u8.ToArray(), "not well-formed JSON"),
        ["object-with-trailing-text"] = ("""{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31,"lon":121} and more"""u8.ToArray(), "not well-formed JSON"),
        ["bare-number"] = ("42"u8.ToArray(), "not a JSON object"),
        ["empty"] = ([], "the payload is empty"),
    };

    public static TheoryData<string> NotJsonPayloads => [.. NotJson.Keys];

    [Theory]
    [MemberData(nameof(NotJsonPayloads))]
    public void PayloadThatIsNotAJsonObjectInUtf8_IsNotJson_ForEveryKindOfReport(string name)
    {
        var (payload, detail) = NotJson[name];

        var gps = TelemetryDecoder.Decode(payload, LatestAllowed, out GpsFix _);
        var status = TelemetryDecoder.Decode(payload, LatestAllowed, out BodyCamStatus _);
        var evidence = TelemetryDecoder.Decode(payload, LatestAllowed, out EvidenceReport? _);

        Assert.All(new[] { gps, status, evidence }, r => Assert.Equal(DeadLetterReason.NotJson, r?.Reason));
        Assert.Contains(detail, gps!.Value.Detail);
    }

    [Fact]
    public void WellFormedObjectMissingAField_IsBadPayload()
    {
        var rejection = TelemetryDecoder.Decode("""{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31}"""u8, LatestAllowed, out GpsFix _);

        Assert.Equal(DeadLetterReason.BadPayload, rejection?.Reason);
        Assert.Contains("lon", rejection!.Value.Detail);
    }

    [Fact]
    public void CompleteFixInUtf8_WithAnUnknownTextField_IsDecoded()
    {
        var rejection = TelemetryDecoder.Decode("""{"seq":2,"ts":"2026-01-05T00:00:00Z","lat":31.5,"lon":121,"note":"上海"}"""u8, LatestAllowed, out GpsFix fix);

        Assert.Null(rejection);
        Assert.Equal((2L, 31.5, 121d), (fix.Sequence, fix.Latitude, fix.Longitude));
    }
}
