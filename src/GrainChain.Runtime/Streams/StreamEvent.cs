using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Streams;

/// <summary>One published event and its token, shared by the queues of all subscribers until delivery copies it.</summary>
internal abstract class StreamEvent(StreamSequenceToken token)
{
    public StreamSequenceToken Token { get; } = token;

    /// <summary>The static type the producer published the event as (the item's runtime type once it crossed silos).</summary>
    public abstract Type ItemType { get; }

    /// <summary>This event with a private copy of a mutable item, so subscribers never share one object.</summary>
    public abstract StreamEvent CopyFor(ArgumentCopier copier);

    /// <summary>The item as <typeparamref name="TWanted"/>, if it is one (exact type first, then by assignment).</summary>
    public abstract bool TryGetItem<TWanted>(out TWanted item);

    /// <summary>Writes the item as an object, naming its runtime type (for a delivery to another silo).</summary>
    public abstract void WriteItem(GrainWriter writer);
}

/// <summary>An event whose item is a <typeparamref name="T"/>.</summary>
internal sealed class StreamEvent<T>(T item, StreamSequenceToken token) : StreamEvent(token)
{
    public T Item { get; } = item;

    public override Type ItemType => typeof(T);

    public override StreamEvent CopyFor(ArgumentCopier copier) =>
        CopyPolicy<T>.IsImmutable || Item is null ? this : new StreamEvent<T>(copier.Copy(Item), Token);

    public override void WriteItem(GrainWriter writer) => writer.Codecs.GetCodec<object>().Write(writer, Item!);

    public override bool TryGetItem<TWanted>(out TWanted item)
    {
        if (this is StreamEvent<TWanted> same)
        {
            item = same.Item;
            return true;
        }
        // Only reached when producer and subscriber use different types (a base type, an interface, or a mistake).
        object? boxed = Item;
        if (boxed is TWanted assignable)
        {
            item = assignable;
            return true;
        }
        if (boxed is null && default(TWanted) is null && !typeof(T).IsValueType && typeof(TWanted).IsAssignableFrom(typeof(T)))
        {
            item = default!;
            return true;
        }
        item = default!;
        return false;
    }
}
