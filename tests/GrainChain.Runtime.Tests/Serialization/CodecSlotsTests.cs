using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>
/// Several serializers in one process (the silos of a test cluster) each keep their own resolved codecs: lookups that
/// alternate between them return each one's own codec and allocate nothing.
/// </summary>
public sealed class CodecSlotsTests
{
    [Fact]
    public void Serializers_with_different_codecs_for_a_type_each_use_their_own()
    {
        var firstCodec = new DigestCodec();
        var secondCodec = new DigestCodec();
        var first = new BinaryGrainSerializer(new SerializerOptions(), [firstCodec], []);
        var second = new BinaryGrainSerializer(new SerializerOptions(), [secondCodec], []);
        var firstResolved = first.Codecs.GetCodec<Digest>();
        var secondResolved = second.Codecs.GetCodec<Digest>();
        Assert.NotSame(firstResolved, secondResolved);
        for (int i = 0; i < 10; i++)
        {
            Assert.Same(firstResolved, first.Codecs.GetCodec<Digest>());
            Assert.Same(secondResolved, second.Codecs.GetCodec<Digest>());
        }
        var value = new Digest(1, 2, 3, 4);
        Assert.Equal(value, second.Deserialize<Digest>(first.SerializeToArray(value)));
    }

    [Fact]
    public void Alternating_lookups_between_serializers_allocate_nothing()
    {
        var first = new BinaryGrainSerializer();
        var second = new BinaryGrainSerializer();
        // Resolve once each, so only the steady state is measured.
        Lookup(first);
        Lookup(second);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Lookup(first);
            Lookup(second);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Lookup(BinaryGrainSerializer serializer)
        {
            _ = serializer.Codecs.GetCodec<int>();
            _ = serializer.Codecs.GetCopier<string>();
            _ = serializer.Codecs.GetCodec<List<int>>();
        }
    }

    [Fact]
    public void Many_types_grow_the_slots_and_keep_earlier_entries()
    {
        var serializer = new BinaryGrainSerializer();
        var intCodec = serializer.Codecs.GetCodec<int>();
        // Enough distinct types to pass the initial slot count several times over.
        var codecs = new object[]
        {
            serializer.Codecs.GetCodec<List<int>>(), serializer.Codecs.GetCodec<List<long>>(), serializer.Codecs.GetCodec<List<string>>(),
            serializer.Codecs.GetCodec<Dictionary<int, int>>(), serializer.Codecs.GetCodec<Dictionary<string, long>>(),
            serializer.Codecs.GetCodec<int[]>(), serializer.Codecs.GetCodec<long[]>(), serializer.Codecs.GetCodec<string[]>(),
        };
        for (int i = 0; i < 80; i++)
        {
            _ = CodecTypeIndex.Next();
        }
        var late = serializer.Codecs.GetCodec<List<Guid>>();
        Assert.Same(intCodec, serializer.Codecs.GetCodec<int>());
        Assert.Same(codecs[0], serializer.Codecs.GetCodec<List<int>>());
        Assert.Same(codecs[7], serializer.Codecs.GetCodec<string[]>());
        Assert.Same(late, serializer.Codecs.GetCodec<List<Guid>>());
    }
}
