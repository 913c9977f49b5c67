namespace GrainChain.Runtime.Serialization;

// Integers travel as varints (zigzag for signed types), so small magnitudes take one or two bytes whatever the width.

internal sealed class BooleanCodec : ImmutableCodec<bool>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, bool value) => writer.WriteByte(value ? (byte)1 : (byte)0);
    public override bool Read(ref GrainReader reader) => reader.ReadBoolean();
}

internal sealed class ByteCodec : ImmutableCodec<byte>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, byte value) => writer.WriteVarUInt32(value);
    public override byte Read(ref GrainReader reader) => IntegerRange.ToByte(reader.ReadVarUInt64());
}

internal sealed class SByteCodec : ImmutableCodec<sbyte>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, sbyte value) => writer.WriteVarInt32(value);
    public override sbyte Read(ref GrainReader reader) => IntegerRange.ToSByte(reader.ReadVarInt64());
}

internal sealed class Int16Codec : ImmutableCodec<short>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, short value) => writer.WriteVarInt32(value);
    public override short Read(ref GrainReader reader) => IntegerRange.ToInt16(reader.ReadVarInt64());
}

internal sealed class UInt16Codec : ImmutableCodec<ushort>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, ushort value) => writer.WriteVarUInt32(value);
    public override ushort Read(ref GrainReader reader) => IntegerRange.ToUInt16(reader.ReadVarUInt64());
}

internal sealed class Int32Codec : ImmutableCodec<int>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, int value) => writer.WriteVarInt32(value);
    public override int Read(ref GrainReader reader) => IntegerRange.ToInt32(reader.ReadVarInt64());
}

internal sealed class UInt32Codec : ImmutableCodec<uint>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, uint value) => writer.WriteVarUInt32(value);
    public override uint Read(ref GrainReader reader) => IntegerRange.ToUInt32(reader.ReadVarUInt64());
}

internal sealed class Int64Codec : ImmutableCodec<long>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, long value) => writer.WriteVarInt64(value);
    public override long Read(ref GrainReader reader) => reader.ReadVarInt64();
}

internal sealed class UInt64Codec : ImmutableCodec<ulong>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, ulong value) => writer.WriteVarUInt64(value);
    public override ulong Read(ref GrainReader reader) => reader.ReadVarUInt64();
}

internal sealed class CharCodec : ImmutableCodec<char>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, char value) => writer.WriteVarUInt32(value);
    public override char Read(ref GrainReader reader) => (char)IntegerRange.ToUInt16(reader.ReadVarUInt64());
}
