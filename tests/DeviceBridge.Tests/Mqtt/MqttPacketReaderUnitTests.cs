using System.Buffers;
using System.Text;
using Coordination.DeviceBridge.Mqtt.Formatter;
using Coordination.DeviceBridge.Mqtt.Packets;
using Coordination.DeviceBridge.Tests.Support;

namespace Coordination.DeviceBridge.Tests.Mqtt;

/// <summary>Framing and decoding of what a broker sends, including every kind of malformed input.</summary>
public sealed class MqttPacketReaderUnitTests
{
    private const int Limit = 1024;

    [Fact]
    public void ConnAck_WithSessionPresent_Decodes()
    {
        var (header, body) = ReadOne("20 02 01 00");

        Assert.Equal(new MqttConnAckPacket(SessionPresent: true, MqttConnectReturnCode.Accepted), MqttPacketDecoder.DecodeConnAck(header, body));
    }

    [Fact]
    public void ConnAck_Refusal_CarriesTheReturnCode()
    {
        var (header, body) = ReadOne("20 02 00 05");

        Assert.Equal(MqttConnectReturnCode.NotAuthorized, MqttPacketDecoder.DecodeConnAck(header, body).ReturnCode);
    }

    [Theory]
    [InlineData("20 02 02 00", "reserved flags")]
    [InlineData("20 02 00 06", "not defined")]
    [InlineData("20 03 00 00 00", "remaining length 3")]
    [InlineData("21 02 00 00", "reserved flags 0x1")]
    public void ConnAck_Malformed_IsAProtocolError(string hex, string reason)
    {
        var (header, body) = ReadOne(hex);

        Assert.Contains(reason, Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.DecodeConnAck(header, body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_AtQos1_DecodesAcrossSegmentBoundaries()
    {
        var buffer = Hex.Fragmented(Hex.Bytes("3A 09 00 03 61 2F 62 00 0A 68 69"));

        Assert.True(MqttPacketReader.TryRead(ref buffer, Limit, out var header, out var body));
        var publish = MqttPacketDecoder.DecodePublish(header, body);

        Assert.True(buffer.IsEmpty);
        Assert.Equal((MqttQualityOfService.AtLeastOnce, true, false, (ushort)10), (publish.QualityOfService, publish.Duplicate, publish.Retain, publish.PacketId));
        Assert.Equal("a/b", Encoding.UTF8.GetString(publish.Topic));
        Assert.Equal("hi", Encoding.UTF8.GetString(publish.Payload));
    }

    [Theory]
    [InlineData("30 03 00 05 61", "Truncated PUBLISH")]
    [InlineData("32 05 00 03 61 2F 62", "no packet identifier")]
    [InlineData("32 07 00 03 61 2F 62 00 00", "packet identifier 0")]
    [InlineData("36 07 00 03 61 2F 62 00 01", "QoS 3")]
    [InlineData("34 07 00 03 61 2F 62 00 01", "QoS 2")]
    [InlineData("30 02 00 00", "empty topic")]
    public void Publish_Malformed_IsAProtocolError(string hex, string reason)
    {
        var (header, body) = ReadOne(hex);

        Assert.Contains(reason, Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.DecodePublish(header, body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubAck_WithGrantedAndRefusedFilters_Decodes()
    {
        var (header, body) = ReadOne("90 04 00 07 01 80");
        var subAck = MqttPacketDecoder.DecodeSubAck(header, body);

        Assert.Equal(7, subAck.PacketId);
        Assert.Equal([1, MqttSubAckPacket.Failure], subAck.ReturnCodes);
    }

    [Theory]
    [InlineData("90 03 00 07 03", "not defined")]
    [InlineData("90 02 00 07", "at least one return code")]
    public void SubAck_Malformed_IsAProtocolError(string hex, string reason)
    {
        var (header, body) = ReadOne(hex);

        Assert.Contains(reason, Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.DecodeSubAck(header, body)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("40 02 00 00", "packet identifier 0")]
    [InlineData("42 02 00 01", "reserved flags")]
    [InlineData("40 03 00 01 00", "remaining length 3")]
    public void PubAck_Malformed_IsAProtocolError(string hex, string reason)
    {
        var (header, body) = ReadOne(hex);

        Assert.Contains(reason, Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.DecodePacketIdentifier(header, body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PingResp_WithABody_IsAProtocolError()
    {
        var (header, _) = ReadOne("D0 01 00");

        Assert.Throws<MqttProtocolException>(() => MqttPacketDecoder.DecodePingResp(header));
    }

    [Theory]
    [InlineData("00 00")]
    [InlineData("F0 00")]
    public void UnknownPacketType_IsAProtocolError(string hex) =>
        Assert.Contains("Unknown packet type", Assert.Throws<MqttProtocolException>(() => TryRead(hex)).Message, StringComparison.Ordinal);

    [Fact]
    public void RemainingLengthOfFiveBytes_IsAProtocolError() =>
        Assert.Contains("more than four bytes", Assert.Throws<MqttProtocolException>(() => TryRead("30 FF FF FF FF 01")).Message, StringComparison.Ordinal);

    [Fact]
    public void PacketOverTheLimit_IsRefusedBeforeItsBodyArrives() =>
        Assert.Contains("too large", Assert.Throws<MqttProtocolException>(() => TryRead("30 81 08")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("30 80")]
    [InlineData("30 05 00 03 61")]
    public void IncompletePacket_AsksForMoreBytes(string hex) => Assert.False(TryRead(hex));

    [Fact]
    public void LargestRemainingLength_IsAcceptedUpToTheLimitOfSection2_2_3()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes("30 FF FF FF 7F"));

        Assert.False(MqttPacketReader.TryRead(ref buffer, MqttPacketReader.MaxRemainingLength, out _, out _));
    }

    [Fact]
    public void TwoPacketsInOneBuffer_AreReadOneAfterTheOther()
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes("D0 00 40 02 00 09"));

        Assert.True(MqttPacketReader.TryRead(ref buffer, Limit, out var first, out _));
        Assert.True(MqttPacketReader.TryRead(ref buffer, Limit, out var second, out var body));

        Assert.Equal(MqttPacketType.PingResp, first.Type);
        Assert.Equal(9, MqttPacketDecoder.DecodePacketIdentifier(second, body));
        Assert.True(buffer.IsEmpty);
    }

    private static bool TryRead(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes(hex));
        return MqttPacketReader.TryRead(ref buffer, Limit, out _, out _);
    }

    private static (MqttFixedHeader Header, ReadOnlySequence<byte> Body) ReadOne(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Hex.Bytes(hex));
        Assert.True(MqttPacketReader.TryRead(ref buffer, Limit, out var header, out var body));
        Assert.True(buffer.IsEmpty);
        return (header, body);
    }
}
