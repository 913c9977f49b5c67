using System.Buffers.Binary;

namespace GrainChain.Runtime.Serialization;

internal sealed class SingleCodec : ImmutableCodec<float>
{
    public override WireType WireType => WireType.Fixed32;
    public override void Write(GrainWriter writer, float value) => writer.WriteSingle(value);
    public override float Read(ref GrainReader reader) => reader.ReadSingle();
}

internal sealed class DoubleCodec : ImmutableCodec<double>
{
    public override WireType WireType => WireType.Fixed64;
    public override void Write(GrainWriter writer, double value) => writer.WriteDouble(value);
    public override double Read(ref GrainReader reader) => reader.ReadDouble();
}

/// <summary>Decimal as its four 32-bit parts; the parts are validated on read because not every bit pattern is a decimal.</summary>
internal sealed class DecimalCodec : ImmutableCodec<decimal>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, decimal value)
    {
        Span<int> parts = stackalloc int[4];
        decimal.GetBits(value, parts);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes[(i * 4)..], parts[i]);
        }

        writer.WriteLengthDelimited(bytes);
    }

    public override decimal Read(ref GrainReader reader)
    {
        var bytes = reader.ReadLengthDelimited("decimal");
        if (bytes.Length != 16)
        {
            throw new GrainSerializationException($"A decimal takes 16 bytes, not {bytes.Length}.");
        }

        Span<int> parts = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            parts[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
        }

        try
        {
            return new decimal(parts);
        }
        catch (ArgumentException e)
        {
            throw new GrainSerializationException("Invalid decimal bits.", e);
        }
    }
}
