using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams.PubSub;

namespace GrainChain.Runtime.Tests.Streams;

public sealed class PubSubStateCodecTests
{
    private static StreamSubscriptionSet Sample() => new(7,
    [
        new StreamSubscriptionEntry(Guid.NewGuid(), GrainId.Parse("streamconsumer/blocks#node-1")),
        new StreamSubscriptionEntry(Guid.NewGuid(), GrainId.Parse("sys.stream-client/0123456789abcdef0123456789abcdef")),
        new StreamSubscriptionEntry(Guid.NewGuid(), GrainId.Parse("a/ключ/with/slashes")),
    ]);

    [Fact]
    public void A_subscription_set_round_trips()
    {
        var set = Sample();
        var decoded = PubSubStateCodec.Decode(PubSubStateCodec.Encode(set), "r");
        Assert.Equal(set.Version, decoded.Version);
        Assert.Equal(set.Entries, decoded.Entries);
        Assert.Empty(PubSubStateCodec.Decode(PubSubStateCodec.Encode(StreamSubscriptionSet.Empty), "r").Entries);
    }

    [Fact]
    public void Every_truncation_is_refused_with_the_library_exception()
    {
        var bytes = PubSubStateCodec.Encode(Sample());
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<GrainSerializationException>(() => PubSubStateCodec.Decode(bytes.AsSpan(0, length), "r"));
        }
    }

    [Fact]
    public void A_huge_count_is_refused_naming_the_field()
    {
        var bytes = PubSubStateCodec.Encode(Sample());
        bytes[9] = 0xff;
        bytes[10] = 0xff;
        bytes[11] = 0xff;
        bytes[12] = 0x7f;
        var error = Assert.Throws<GrainSerializationException>(() => PubSubStateCodec.Decode(bytes, "sys.stream-pubsub/x"));
        Assert.Contains("field count", error.Message);
        Assert.Contains("sys.stream-pubsub/x", error.Message);
    }

    [Fact]
    public void Random_bytes_and_flipped_bytes_never_escape_as_other_exceptions()
    {
        var random = new Random(20261121);
        var valid = PubSubStateCodec.Encode(Sample());
        for (int round = 0; round < 2000; round++)
        {
            byte[] input;
            if (round % 2 == 0)
            {
                input = new byte[random.Next(0, 200)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
            }
            try
            {
                PubSubStateCodec.Decode(input, "r");
            }
            catch (GrainSerializationException)
            {
            }
        }
    }
}
