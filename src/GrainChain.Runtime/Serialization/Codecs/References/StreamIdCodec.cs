using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Serialization;

/// <summary>A <see cref="StreamId"/> as a region holding its namespace and key; the default id is an empty region.</summary>
internal sealed class StreamIdCodec : ImmutableCodec<StreamId>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, StreamId value)
    {
        var start = writer.BeginRegion();
        if (!value.IsDefault)
        {
            BoundedText.Write(writer, value.Namespace, IdentityWireLimits.MaxStreamNamespaceBytes, "Stream namespace");
            BoundedText.Write(writer, value.Key, IdentityWireLimits.MaxKeyBytes, "Stream key");
        }

        writer.EndRegion(start);
    }

    public override StreamId Read(ref GrainReader reader)
    {
        var outer = reader.EnterRequiredRegion("StreamId");
        StreamId id = default;
        if (reader.Remaining > 0)
        {
            var streamNamespace = BoundedText.Read(ref reader, IdentityWireLimits.MaxStreamNamespaceBytes, "Stream namespace", allowEmpty: true);
            var key = BoundedText.Read(ref reader, IdentityWireLimits.MaxKeyBytes, "Stream key", allowEmpty: true);
            id = StreamId.Create(streamNamespace, key);
        }

        reader.ExitRegion(outer);
        return id;
    }
}
