namespace GrainChain.Runtime.Streams;

/// <summary>A named source of streams, obtained with <c>this.GetStreamProvider(name)</c> in a grain or from the client.</summary>
public interface IStreamProvider
{
    string Name { get; }

    /// <summary>False: events are not kept after delivery, so a subscription cannot rewind.</summary>
    bool IsRewindable { get; }

    IAsyncStream<T> GetStream<T>(StreamId streamId);
}
