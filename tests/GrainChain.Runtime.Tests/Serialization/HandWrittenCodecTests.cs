using System.Buffers.Binary;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>A 32-byte digest like the ledger's Hash256: a type the runtime cannot know.</summary>
public readonly record struct Digest(ulong A, ulong B, ulong C, ulong D);

/// <summary>Writes a digest as exactly 32 length-delimited bytes.</summary>
[RegisterSerializer]
public sealed class DigestCodec : IFieldCodec<Digest>
{
    public Type ValueType => typeof(Digest);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, Digest value)
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.A);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], value.B);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[16..], value.C);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[24..], value.D);
        writer.WriteLengthDelimited(bytes);
    }

    public Digest Read(ref GrainReader reader)
    {
        var bytes = reader.ReadLengthDelimited(nameof(Digest));
        if (bytes.Length != 32)
        {
            throw new GrainSerializationException($"A digest takes 32 bytes, not {bytes.Length}.");
        }

        return new Digest(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]));
    }
}

/// <summary>A generated record with a member whose codec is hand-written: compiles only because of [RegisterSerializer].</summary>
[GenerateSerializer]
public sealed record BlockRef([property: Id(0)] Digest Hash, [property: Id(1)] long Height, [property: Id(2)] List<Digest> Parents);

/// <summary>A mutable class handled by a resolver-supplied codec without a copier, so copies go through a round trip.</summary>
public sealed class Handle
{
    public string Key { get; set; } = "";
}

public sealed class HandleResolver : ICodecResolver
{
    public bool TryCreateCodec<T>(ICodecProvider provider, out IFieldCodec<T>? codec)
    {
        codec = typeof(T) == typeof(Handle) ? (IFieldCodec<T>)(object)new HandleCodec() : null;
        return codec is not null;
    }

    public bool TryCreateCopier<T>(ICodecProvider provider, out IDeepCopier<T>? copier)
    {
        copier = null;
        return false;
    }

    private sealed class HandleCodec : IFieldCodec<Handle>
    {
        public Type ValueType => typeof(Handle);
        public WireType WireType => WireType.LengthDelimited;
        public void Write(GrainWriter writer, Handle value) => writer.WriteString(value?.Key);
        public Handle Read(ref GrainReader reader) => reader.ReadString() is { } key ? new Handle { Key = key } : null!;
    }
}

public sealed class HandWrittenCodecTests
{
    private static readonly Digest Sample = new(1, ulong.MaxValue, 3, 4);

    [Fact]
    public void A_codec_registered_through_options_serializes_its_type_everywhere()
    {
        var serializer = new BinaryGrainSerializer(new SerializerOptions().AddCodec(new DigestCodec()));
        Assert.Equal(Sample, serializer.RoundTrip(Sample));
        Assert.Equal(33, serializer.ToBytes(Sample).Length);

        var block = new BlockRef(Sample, 7, [Sample, default]);
        var copy = serializer.RoundTrip(block);
        Assert.Equal((Sample, 7L), (copy.Hash, copy.Height));
        Assert.Equal([Sample, default], copy.Parents);
        Assert.Equal(Sample, serializer.RoundTrip<object>(Sample));
    }

    [Fact]
    public void A_struct_without_references_and_without_a_copier_is_copied_by_value()
    {
        var serializer = new BinaryGrainSerializer(new SerializerOptions().AddCodec(new DigestCodec()));
        Assert.Equal(Sample, serializer.DeepCopy(Sample));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var copy = serializer.DeepCopy(Sample);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Sample, copy);
    }

    [Fact]
    public void Codecs_and_resolvers_registered_in_di_are_used()
    {
        var services = new ServiceCollection()
            .AddSingleton<IFieldCodec, DigestCodec>()
            .AddSingleton<ICodecResolver, HandleResolver>()
            .AddGrainSerializer(o => o.MaxDepth = 10);
        using var provider = services.BuildServiceProvider();
        var serializer = provider.GetRequiredService<IGrainSerializer>();

        Assert.Same(provider.GetRequiredService<BinaryGrainSerializer>(), serializer);
        Assert.Equal(Sample, serializer.RoundTrip(Sample));
        Assert.Equal("h", serializer.RoundTrip(new Handle { Key = "h" }).Key);
    }

    [Fact]
    public void A_class_codec_without_a_copier_copies_by_round_trip()
    {
        var serializer = new BinaryGrainSerializer(new SerializerOptions().AddResolver(new HandleResolver()));
        var original = new Handle { Key = "k" };
        var copy = serializer.DeepCopy(original);
        Assert.NotSame(original, copy);
        Assert.Equal("k", copy.Key);
    }

    [Fact]
    public void Without_the_codec_the_type_is_refused_with_a_clear_message()
    {
        var serializer = new BinaryGrainSerializer();
        var error = Assert.Throws<GrainSerializationException>(() => serializer.ToBytes(Sample));
        Assert.Contains("Digest is not serializable", error.Message);
    }
}
