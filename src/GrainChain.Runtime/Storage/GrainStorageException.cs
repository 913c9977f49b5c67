namespace GrainChain.Runtime.Storage;

/// <summary>A store could not do its work (file not writable, server unreachable, corrupt database); the message names the store and the problem.</summary>
public sealed class GrainStorageException : Exception
{
    public GrainStorageException(string storeName, string message)
        : base(message)
    {
        StoreName = storeName;
    }

    public GrainStorageException(string storeName, string message, Exception inner)
        : base(message, inner)
    {
        StoreName = storeName;
    }

    /// <summary>The name the store was registered under.</summary>
    public string StoreName { get; }
}
