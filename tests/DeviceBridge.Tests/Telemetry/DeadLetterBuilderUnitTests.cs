using System.Text;
using System.Text.Json;
using Coordination.DeviceBridge.Telemetry;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Coordination.DeviceBridge.Tests.Telemetry;

/// <summary>Dead letters carry the original payload (text or base64) and always fit the broker's packet limit.</summary>
public sealed class DeadLetterBuilderUnitTests
{
    private const string Topic = "courts/SH01/devices/SH01-T1-gps/gps";
    private const int Limit = 32 * 1024;
    private static readonly DateTimeOffset ReceivedAt = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly Rejection NotJson = new(DeadLetterReason.NotJson, "the payload is not valid UTF-8 (byte 0)");

    [Fact]
    public void PayloadThatIsNotUtf8_IsCarriedInBase64_MarkedSo()
    {
        byte[] payload = [0xFF, 0xFE, 0x7B, 0xC3, 0x28];

        var (topic, letter) = Build(Topic, payload, Limit);

        Assert.Equal("deadletter/" + Topic, topic);
        Assert.Equal(("not-json", "base64", (string?)null, 5, false, false), (letter.Reason, letter.PayloadEncoding, letter.Payload, letter.PayloadBytes, letter.PayloadTruncated, letter.TopicTruncated));
        Assert.Equal(payload, Convert.FromBase64String(letter.PayloadBase64!));
    }

    [Fact]
    public void SmallTextPayload_IsCarriedWhole_AsText()
    {
        var (_, letter) = Build(Topic, "{\"seq\": 上海"u8.ToArray(), Limit);

        Assert.Equal(("utf-8", "{\"seq\": 上海", (string?)null, false), (letter.PayloadEncoding, letter.Payload, letter.PayloadBase64, letter.PayloadTruncated));
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("control-characters")]
    [InlineData("chinese")]
    [InlineData("not-utf8")]
    public void PayloadNearTheBrokersLimit_IsCutShort_SoTheLetterStillFits(string kind)
    {
        // Why four kinds: the letter grows by a different factor for each (control characters and Chinese are escaped as \uXXXX, bytes that are not UTF-8 go as base64, a third larger).
        var payload = kind switch
        {
            "ascii" => Encoding.UTF8.GetBytes(new string('a', 60_000)),
            "control-characters" => Encoding.UTF8.GetBytes(new string('\u0001', 60_000)),
            "chinese" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("上海市黄浦区", 3_000))),
            _ => [.. Enumerable.Range(0, 60_000).Select(i => (byte)(0x80 + (i % 64)))],
        };

        var (topic, json) = DeadLetterBuilder.Build("deadletter/", Topic, payload, NotJson, ReceivedAt, Limit);
        var letter = JsonSerializer.Deserialize(json, TelemetryJsonContext.Default.DeadLetter)!;

        Assert.InRange(PacketSize(topic, json), Limit - 1024, Limit);
        Assert.Equal((payload.Length, true), (letter.PayloadBytes, letter.PayloadTruncated));
        var carried = letter.PayloadEncoding == "base64" ? Convert.FromBase64String(letter.PayloadBase64!) : Encoding.UTF8.GetBytes(letter.Payload!);
        Assert.Equal(payload.AsSpan(0, carried.Length).ToArray(), carried);
    }

    [Fact]
    public void VeryLongTopicAndDetail_AreCut_AndTheLetterFitsTheSmallestLimit()
    {
        var topic = "courts/SH01/devices/SH01-T1-gps/" + string.Concat(Enumerable.Repeat("上海/", 20_000));
        var rejection = new Rejection(DeadLetterReason.UnknownTopic, new string('\u0002', 50_000));

        var (letterTopic, json) = DeadLetterBuilder.Build("deadletter/", topic, new byte[40_000], rejection, ReceivedAt, DeadLetterBuilder.MinBytes);
        var letter = JsonSerializer.Deserialize(json, TelemetryJsonContext.Default.DeadLetter)!;

        Assert.True(PacketSize(letterTopic, json) <= DeadLetterBuilder.MinBytes);
        Assert.Equal("deadletter/" + letter.Topic, letterTopic);
        Assert.Equal(TelemetryTopic.MaxLength, letter.Topic.Length);
        Assert.StartsWith(letter.Topic, topic, StringComparison.Ordinal);
        Assert.Equal(DeadLetterBuilder.MaxDetailLength, letter.Detail.Length);
        Assert.True(letter.TopicTruncated);
    }

    private static (string Topic, DeadLetter Letter) Build(string topic, byte[] payload, int limit)
    {
        var (letterTopic, json) = DeadLetterBuilder.Build("deadletter/", topic, payload, NotJson, ReceivedAt, limit);
        return (letterTopic, JsonSerializer.Deserialize(json, TelemetryJsonContext.Default.DeadLetter)!);
    }

    /// <summary>The size of the MQTT 5 PUBLISH packet the bridge sends, as MQTTnet encodes it (with the content type the bridge sets).</summary>
    private static int PacketSize(string topic, byte[] letter)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(letter)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithContentType("application/json").Build();
        var packet = MqttPublishPacketFactory.Create(message);
        packet.PacketIdentifier = 1;
        return new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65536)).Encode(packet).Length;
    }
}
