namespace GrainChain.Runtime.Serialization;

// Byte buffers are copied on read (the input buffer is transient) and on deep copy (the caller could still write to them).

internal sealed class ByteArrayCodec : IFieldCodec<byte[]>, IDeepCopier<byte[]>
{
    public Type ValueType => typeof(byte[]);
    public WireType WireType => WireType.LengthDelimited;
    public void Write(GrainWriter writer, byte[] value) => writer.WriteByteArray(value);
    public byte[] Read(ref GrainReader reader) => reader.ReadByteArray()!;
    public byte[] DeepCopy(byte[] value, CopyContext context) => value is null ? null! : value.Length == 0 ? [] : (byte[])value.Clone();
}

internal sealed class ReadOnlyMemoryOfByteCodec : IFieldCodec<ReadOnlyMemory<byte>>, IDeepCopier<ReadOnlyMemory<byte>>
{
    public Type ValueType => typeof(ReadOnlyMemory<byte>);
    public WireType WireType => WireType.LengthDelimited;
    public void Write(GrainWriter writer, ReadOnlyMemory<byte> value) => writer.WriteLengthDelimited(value.Span);
    public ReadOnlyMemory<byte> Read(ref GrainReader reader) => reader.ReadByteArray() ?? throw new GrainSerializationException("Null where a ReadOnlyMemory<byte> is required.");
    public ReadOnlyMemory<byte> DeepCopy(ReadOnlyMemory<byte> value, CopyContext context) => value.ToArray();
}

internal sealed class MemoryOfByteCodec : IFieldCodec<Memory<byte>>, IDeepCopier<Memory<byte>>
{
    public Type ValueType => typeof(Memory<byte>);
    public WireType WireType => WireType.LengthDelimited;
    public void Write(GrainWriter writer, Memory<byte> value) => writer.WriteLengthDelimited(value.Span);
    public Memory<byte> Read(ref GrainReader reader) => reader.ReadByteArray() ?? throw new GrainSerializationException("Null where a Memory<byte> is required.");
    public Memory<byte> DeepCopy(Memory<byte> value, CopyContext context) => value.ToArray();
}
