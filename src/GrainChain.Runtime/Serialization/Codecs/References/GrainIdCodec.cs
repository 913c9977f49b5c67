namespace GrainChain.Runtime.Serialization;

/// <summary>
/// A <see cref="GrainId"/> as a region holding its grain type and key; the default id is an empty region. The
/// content layout is shared with grain references, which embed an id without a region of its own.
/// </summary>
internal sealed class GrainIdCodec : ImmutableCodec<GrainId>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, GrainId value)
    {
        var start = writer.BeginRegion();
        if (!value.IsDefault)
        {
            WriteContent(writer, value);
        }

        writer.EndRegion(start);
    }

    public override GrainId Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("GrainId");
        var id = reader.Remaining == 0 ? default : ReadContent(ref reader);
        reader.ExitRegion(outer);
        return id;
    }

    public static void WriteContent(GrainWriter writer, GrainId id)
    {
        BoundedText.Write(writer, id.Type.Name, IdentityWireLimits.MaxGrainTypeBytes, "Grain type");
        BoundedText.Write(writer, id.Key, IdentityWireLimits.MaxKeyBytes, "Grain key");
    }

    public static GrainId ReadContent(ref GrainReader reader)
    {
        var type = BoundedText.Read(ref reader, IdentityWireLimits.MaxGrainTypeBytes, "Grain type", allowEmpty: false);
        var key = BoundedText.Read(ref reader, IdentityWireLimits.MaxKeyBytes, "Grain key", allowEmpty: true);
        return new GrainId(new GrainType(type), key);
    }
}
