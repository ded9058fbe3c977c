using System.Buffers;
using System.Text;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;
using Coordination.DeviceBridge.Tests.Support;

namespace Coordination.DeviceBridge.Tests.Mqtt;

/// <summary>Every packet the client sends, byte for byte against MQTT 3.1.1 (section numbers in the names).</summary>
public sealed class MqttPacketWriterUnitTests
{
    [Fact]
    public void Connect_WithCredentialsAndPersistentSession_MatchesSection3_1()
    {
        var bytes = Write(w => MqttPacketWriter.WriteConnect(w, new MqttConnectPacket("bridge-1", "bridge", "pw", 30, CleanSession: false)));

        // Fixed header, protocol name "MQTT", level 4, flags user name + password (clean session 0), keep-alive 30, then the strings.
        Assert.Equal("10 20 00 04 4D 51 54 54 04 C0 00 1E 00 08 62 72 69 64 67 65 2D 31 00 06 62 72 69 64 67 65 00 02 70 77", Hex.Of(bytes));
    }

    [Fact]
    public void Connect_AnonymousCleanSession_SetsOnlyTheCleanSessionFlag()
    {
        var bytes = Write(w => MqttPacketWriter.WriteConnect(w, new MqttConnectPacket("c", null, null, 0, CleanSession: true)));

        Assert.Equal("10 0D 00 04 4D 51 54 54 04 02 00 00 00 01 63", Hex.Of(bytes));
    }

    [Fact]
    public void Connect_PasswordWithoutUserName_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Write(w => MqttPacketWriter.WriteConnect(w, new MqttConnectPacket("c", null, "pw", 0, true))));

    [Fact]
    public void Publish_AtQos1WithDupAndRetain_MatchesSection3_3()
    {
        var bytes = Write(w => MqttPacketWriter.WritePublish(w, "a/b", "hi"u8, MqttQualityOfService.AtLeastOnce, retain: true, duplicate: true, packetId: 10));

        Assert.Equal("3B 09 00 03 61 2F 62 00 0A 68 69", Hex.Of(bytes));
    }

    [Fact]
    public void Publish_AtQos0_HasNoPacketIdentifier()
    {
        var bytes = Write(w => MqttPacketWriter.WritePublish(w, "a/b", "hi"u8, MqttQualityOfService.AtMostOnce, retain: false, duplicate: false, packetId: 0));

        Assert.Equal("30 07 00 03 61 2F 62 68 69", Hex.Of(bytes));
    }

    [Theory]
    [InlineData("a/+")]
    [InlineData("a/#")]
    [InlineData("")]
    public void Publish_ToANameThatIsNotATopicName_IsRefused(string topic) =>
        Assert.Throws<ArgumentException>(() => Write(w => MqttPacketWriter.WritePublish(w, topic, "x"u8, MqttQualityOfService.AtMostOnce, false, false, 0)));

    [Fact]
    public void Publish_AtQos1WithoutPacketIdentifier_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Write(w => MqttPacketWriter.WritePublish(w, "a", "x"u8, MqttQualityOfService.AtLeastOnce, false, false, 0)));

    [Theory]
    [InlineData(127, "7F")]
    [InlineData(128, "80 01")]
    [InlineData(16_383, "FF 7F")]
    [InlineData(16_384, "80 80 01")]
    [InlineData(2_097_151, "FF FF 7F")]
    [InlineData(2_097_152, "80 80 80 01")]
    public void Publish_RemainingLength_UsesTheVariableLengthEncodingOfSection2_2_3(int remainingLength, string encoded)
    {
        // Topic "t" (3 bytes with its length) at QoS 0: the payload makes up the rest.
        var payload = new byte[remainingLength - 3];
        var bytes = Write(w => MqttPacketWriter.WritePublish(w, "t", payload, MqttQualityOfService.AtMostOnce, false, false, 0));

        var lengthBytes = Hex.Bytes(encoded);
        Assert.Equal("30 " + encoded, Hex.Of(bytes.AsSpan(0, 1 + lengthBytes.Length)));
        Assert.Equal(1 + lengthBytes.Length + remainingLength, bytes.Length);
        var sequence = new ReadOnlySequence<byte>(bytes);
        Assert.True(MqttPacketReader.TryRead(ref sequence, MqttPacketReader.MaxRemainingLength, out var header, out _));
        Assert.Equal(remainingLength, header.RemainingLength);
    }

    [Fact]
    public void PubAck_MatchesSection3_4() =>
        Assert.Equal("40 02 12 34", Hex.Of(Write(w => MqttPacketWriter.WritePubAck(w, 0x1234))));

    [Fact]
    public void Subscribe_WithPlainAndSharedFilters_MatchesSection3_8()
    {
        var bytes = Write(w => MqttPacketWriter.WriteSubscribe(w, 1,
            [new MqttSubscription("a/#", MqttQualityOfService.AtLeastOnce), new MqttSubscription("$share/g/x", MqttQualityOfService.AtMostOnce)]));

        // Flags 0010 are required (section 3.8.1); each filter is a string and a requested QoS byte.
        Assert.Equal("82 15 00 01 00 03 61 2F 23 01 00 0A 24 73 68 61 72 65 2F 67 2F 78 00", Hex.Of(bytes));
    }

    [Fact]
    public void Subscribe_WithoutFilters_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Write(w => MqttPacketWriter.WriteSubscribe(w, 1, [])));

    [Fact]
    public void PingReqAndDisconnect_MatchSections3_12And3_14()
    {
        Assert.Equal("C0 00", Hex.Of(Write(MqttPacketWriter.WritePingReq)));
        Assert.Equal("E0 00", Hex.Of(Write(MqttPacketWriter.WriteDisconnect)));
    }

    [Fact]
    public void Strings_AreUtf8WithTheirByteLength()
    {
        var bytes = Write(w => MqttPacketWriter.WritePublish(w, "法院", ReadOnlySpan<byte>.Empty, MqttQualityOfService.AtMostOnce, false, false, 0));

        Assert.Equal("30 08 00 06 " + Hex.Of(Encoding.UTF8.GetBytes("法院")), Hex.Of(bytes));
    }

    private static byte[] Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
