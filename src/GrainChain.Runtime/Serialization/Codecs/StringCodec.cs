namespace GrainChain.Runtime.Serialization;

internal sealed class StringCodec : ImmutableCodec<string>
{
    public override WireType WireType => WireType.LengthDelimited;
    public override void Write(GrainWriter writer, string value) => writer.WriteString(value);
    public override string Read(ref GrainReader reader) => reader.ReadString()!;
}
