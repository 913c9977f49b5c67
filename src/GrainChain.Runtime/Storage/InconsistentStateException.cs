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

    /// <summary>The ETag the caller presented, null when it expected no record.</summary>
    public string? ExpectedETag { get; }

    /// <summary>The ETag found in the store, null when the record does not exist.</summary>
    public string? CurrentETag { get; }

    /// <summary>The standard rejection for a compare-and-set that lost, naming the store and the record.</summary>
    internal static InconsistentStateException ForRecord(string storeName, string operation, string stateName, string grainId, string? expectedETag, string? currentETag) =>
        new($"Grain store '{storeName}' rejected the {operation} of state '{stateName}' for grain '{grainId}': " +
            $"expected ETag {Describe(expectedETag)} but the store holds {Describe(currentETag)}.",
            expectedETag, currentETag);

    private static string Describe(string? eTag) => eTag is null ? "<no record>" : $"'{eTag}'";
}
