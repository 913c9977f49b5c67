using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class HandshakeCodecTests
{
    private static readonly SiloAddress Silo = SiloAddress.Parse("[fe80::1]:65535@9223372036854775807");
    private static readonly SiloAddress Other = SiloAddress.Parse("10.0.0.1:11111@5");

    [Fact]
    public void Silo_and_client_preambles_round_trip()
    {
        var silo = new HandshakePreamble(HandshakeCodec.ProtocolVersion, ConnectionRole.Silo, "cluster-ü", Silo, Guid.Empty, Other);
        var client = new HandshakePreamble(HandshakeCodec.ProtocolVersion, ConnectionRole.Client, "c", null, Guid.NewGuid(), null);

        Assert.Equal(silo, Decode(HandshakeCodec.EncodePreamble(silo)));
        Assert.Equal(client, Decode(HandshakeCodec.EncodePreamble(client)));
    }

    [Fact]
    public void Replies_round_trip()
    {
        var accept = HandshakeCodec.EncodeAccept(Silo);
        var refuse = HandshakeCodec.EncodeRefusal("wrong cluster ✗");

        Assert.Equal(new HandshakeReply(HandshakeCodec.ProtocolVersion, true, Silo, null), DecodeReply(accept));
        Assert.Equal(new HandshakeReply(HandshakeCodec.ProtocolVersion, false, null, "wrong cluster ✗"), DecodeReply(refuse));
    }

    [Fact]
    public void Random_preamble_payloads_decode_or_fail_with_a_protocol_exception_only()
    {
        var valid = HandshakeCodec.EncodePreamble(new HandshakePreamble(HandshakeCodec.ProtocolVersion, ConnectionRole.Silo, "cluster", Silo, Guid.Empty, Other));
        var inputs = Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            from position in Gen.Choose(8, valid.Length - 1)
            from value in ArbMap.Default.GeneratorFor<byte>()
            from cut in Gen.Choose(0, 4)
            select Mutate(valid, position, value)[8..^cut]);
        Prop.ForAll(inputs.ToArbitrary(), payload =>
        {
            try
            {
                HandshakeCodec.DecodePreamblePayload(1, payload);
                HandshakeCodec.DecodeReplyPayload(1, true, payload);
                HandshakeCodec.DecodeReplyPayload(1, false, payload);
            }
            catch (MessagingProtocolException)
            {
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new byte[] { 3 }, "role")]
    [InlineData(new byte[] { 1, 0xFF, 0xFF }, "cluster id declares")]
    [InlineData(new byte[] { 1, 5, 0, (byte)'a' }, "cluster id")]
    [InlineData(new byte[] { 1, 1, 0, (byte)'a', 3, (byte)'x', (byte)'y', (byte)'z' }, "'xyz' is not a silo address")]
    [InlineData(new byte[] { 1, 1, 0, (byte)'a', 200 }, "silo address declares 200")]
    [InlineData(new byte[] { 2, 1, 0, (byte)'a', 1, 2, 3 }, "client id")]
    public void Bad_preambles_name_the_field(byte[] payload, string problem)
    {
        var failure = Assert.Throws<MessagingProtocolException>(() => HandshakeCodec.DecodePreamblePayload(1, payload));
        Assert.Contains(problem, failure.Message);
    }

    [Fact]
    public void Wrong_magic_and_overlong_payloads_are_refused_on_the_fixed_part()
    {
        Assert.Contains("magic", Assert.Throws<MessagingProtocolException>(() => HandshakeCodec.ReadPreambleFixed("HTTP/1.1"u8)).Message);
        Assert.Contains("payload length", Assert.Throws<MessagingProtocolException>(() => HandshakeCodec.ReadPreambleFixed([.. "GCMP"u8, 1, 0, 0xFF, 0xFF])).Message);
        Assert.Contains("status", Assert.Throws<MessagingProtocolException>(() => HandshakeCodec.ReadReplyFixed([.. "GCMP"u8, 1, 0, 9, 0, 0])).Message);
    }

    private static byte[] Mutate(byte[] bytes, int position, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[position] = value;
        return copy;
    }

    private static HandshakePreamble Decode(byte[] bytes)
    {
        var (version, length) = HandshakeCodec.ReadPreambleFixed(bytes);
        Assert.Equal(bytes.Length - HandshakeCodec.PreambleFixedBytes, length);
        return HandshakeCodec.DecodePreamblePayload(version, bytes.AsSpan(HandshakeCodec.PreambleFixedBytes));
    }

    private static HandshakeReply DecodeReply(byte[] bytes)
    {
        var (version, accepted, length) = HandshakeCodec.ReadReplyFixed(bytes);
        Assert.Equal(bytes.Length - HandshakeCodec.ReplyFixedBytes, length);
        return HandshakeCodec.DecodeReplyPayload(version, accepted, bytes.AsSpan(HandshakeCodec.ReplyFixedBytes));
    }
}
