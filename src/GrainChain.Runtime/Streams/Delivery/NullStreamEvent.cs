using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// A null item that arrived from another silo, where its published type is not known: any consumer whose item type
/// can be null takes it.
/// </summary>
internal sealed class NullStreamEvent(StreamSequenceToken token) : StreamEvent(token)
{
    public override Type ItemType => typeof(object);

    public override StreamEvent CopyFor(ArgumentCopier copier) => this;

    public override bool TryGetItem<TWanted>(out TWanted item)
    {
        item = default!;
        return default(TWanted) is null;
    }

    public override void WriteItem(GrainWriter writer) => writer.Codecs.GetCodec<object>().Write(writer, null!);
}
