namespace GrainChain.Runtime.Storage;

/// <summary>A write or clear found another ETag than the one it expected: someone else wrote first.</summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? expectedETag, string? currentETag)
        : base(message)
    {
        ExpectedETag = expectedETag;
        CurrentETag = currentETag;
    }

    public string? ExpectedETag { get; }

    /// <summary>The ETag found in the store, null when the record does not exist.</summary>
    public string? CurrentETag { get; }
}
