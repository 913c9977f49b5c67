namespace GrainChain.Ledger.Transactions;

/// <summary>Cache sizes and parallelism of a <see cref="SignatureVerifier"/>; the defaults suit a node.</summary>
public sealed record SignatureVerifierOptions
{
    /// <summary>The defaults.</summary>
    public static readonly SignatureVerifierOptions Default = new();

    /// <summary>Verified txids remembered (about 100 bytes each); 0 turns the signature cache off.</summary>
    public int SignatureCacheCapacity { get; init; } = 200_000;

    /// <summary>Imported sender keys kept (a few kilobytes each); 0 imports the key for every check.</summary>
    public int KeyCacheCapacity { get; init; } = 8_192;

    /// <summary>Threads a batch may use; 1 verifies on the calling thread only.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Smaller batches verify on the calling thread: below this, starting workers costs more than it saves.</summary>
    public int ParallelThreshold { get; init; } = 8;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(SignatureCacheCapacity);
        ArgumentOutOfRangeException.ThrowIfNegative(KeyCacheCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ParallelThreshold, 1);
    }
}
