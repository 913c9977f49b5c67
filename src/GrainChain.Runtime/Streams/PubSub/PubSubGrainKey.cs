namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>The key of a stream's pub-sub grain: the provider name (which has no '/') then the stream id.</summary>
internal static class PubSubGrainKey
{
    public static string For(string providerName, StreamId streamId) => string.Concat(providerName, "/", streamId.ToUnambiguousString());

    public static string ProviderName(string key)
    {
        int slash = key.IndexOf('/');
        return slash > 0 ? key[..slash] : throw new ArgumentException($"'{key}' is not a pub-sub grain key.", nameof(key));
    }
}
