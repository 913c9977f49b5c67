namespace GrainChain.Runtime.Serialization;

/// <summary>DateTime as <see cref="DateTime.ToBinary"/>, which keeps the kind.</summary>
internal sealed class DateTimeCodec : ImmutableCodec<DateTime>
{
    public override WireType WireType => WireType.Fixed64;

    public override void Write(GrainWriter writer, DateTime value) => writer.WriteFixed64((ulong)value.ToBinary());

    public override DateTime Read(ref GrainReader reader)
    {
        var raw = (long)reader.ReadFixed64();
        try
        {
            return DateTime.FromBinary(raw);
        }
        catch (ArgumentException e)
        {
            throw new GrainSerializationException($"Invalid DateTime {raw}.", e);
        }
    }
}

/// <summary>DateTimeOffset as UTC ticks and offset minutes.</summary>
internal sealed class DateTimeOffsetCodec : ImmutableCodec<DateTimeOffset>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, DateTimeOffset value)
    {
        var start = writer.BeginRegion();
        writer.WriteVarInt64(value.UtcTicks);
        writer.WriteVarInt32((int)(value.Offset.Ticks / TimeSpan.TicksPerMinute));
        writer.EndRegion(start);
    }

    public override DateTimeOffset Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("DateTimeOffset");
        var ticks = reader.ReadVarInt64();
        var minutes = reader.ReadVarInt32();
        reader.ExitRegion(outer);
        try
        {
            var offset = TimeSpan.FromMinutes(minutes);
            return new DateTimeOffset(ticks + offset.Ticks, offset);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            throw new GrainSerializationException($"Invalid DateTimeOffset ({ticks} ticks, offset {minutes} minutes).", e);
        }
    }
}

internal sealed class TimeSpanCodec : ImmutableCodec<TimeSpan>
{
    public override WireType WireType => WireType.VarInt;
    public override void Write(GrainWriter writer, TimeSpan value) => writer.WriteVarInt64(value.Ticks);
    public override TimeSpan Read(ref GrainReader reader) => new(reader.ReadVarInt64());
}
