namespace GrainChain.Runtime.Streams;

/// <summary>A stream provider as one caller (a grain or the client) sees it: its streams subscribe that caller.</summary>
internal sealed class CallerBoundStreamProvider(MemoryStreamProvider provider, StreamCaller caller) : IStreamProvider
{
    public string Name => provider.Name;

    public bool IsRewindable => false;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId.IsDefault)
        {
            throw new ArgumentException("The default StreamId names no stream.", nameof(streamId));
        }
        return new AsyncStream<T>(provider, caller, streamId);
    }
}
