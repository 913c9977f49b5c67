namespace GrainChain.Runtime.Serialization;

internal sealed class GuidCodec : ImmutableCodec<Guid>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.WriteLengthDelimited(bytes);
    }

    public override Guid Read(ref GrainReader reader)
    {
        var bytes = reader.ReadLengthDelimited("Guid");
        return bytes.Length == 16 ? new Guid(bytes) : throw new GrainSerializationException($"A Guid takes 16 bytes, not {bytes.Length}.");
    }
}
