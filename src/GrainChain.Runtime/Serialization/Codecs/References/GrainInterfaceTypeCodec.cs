namespace GrainChain.Runtime.Serialization;

/// <summary>A <see cref="GrainInterfaceType"/> as its bounded name; the default value (no name) is written as null.</summary>
internal sealed class GrainInterfaceTypeCodec : ImmutableCodec<GrainInterfaceType>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, GrainInterfaceType value)
    {
        if (value.Name is null)
        {
            writer.WriteNull();
            return;
        }

        BoundedText.Write(writer, value.Name, IdentityWireLimits.MaxInterfaceTypeBytes, "Grain interface type");
    }

    public override GrainInterfaceType Read(ref GrainReader reader)
    {
        if (reader.Remaining > 0 && PeekIsNull(ref reader))
        {
            return default;
        }

        return new GrainInterfaceType(BoundedText.Read(ref reader, IdentityWireLimits.MaxInterfaceTypeBytes, "Grain interface type", allowEmpty: false));
    }

    private static bool PeekIsNull(ref GrainReader reader)
    {
        // A null prefix is the single byte 0; anything else is left for BoundedText to read.
        var copy = reader;
        if (copy.ReadByte() != 0)
        {
            return false;
        }

        reader = copy;
        return true;
    }
}
