using GrainChain.Ledger.Mining.Sha256;

namespace GrainChain.Ledger.Mining;

/// <summary>Settings of <see cref="ProofOfWorkMiner"/> (bindable with IOptions in the host).</summary>
public sealed record MinerOptions
{
    /// <summary>Threads searching at once; one per core by default.</summary>
    public int WorkerCount { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Nonces tried per extra-nonce before the coinbase's extra-nonce moves on: the whole 32-bit space normally.
    /// Tests shrink it so a rollover happens in milliseconds.
    /// </summary>
    internal ulong NoncesPerExtraNonce { get; init; } = 1UL << 32;

    /// <summary>Nonces a worker claims at a time; small enough to share the range fairly, large enough to keep claims rare.</summary>
    internal uint NoncesPerClaim { get; init; } = 1 << 16;

    /// <summary>
    /// Nonces the calling thread tries before any worker thread starts; 0 starts the workers at once, null picks
    /// <see cref="InlineNoncesFor"/>. Starting a thread costs 0.2 to 1 ms, while at a test chain's bits a block is a
    /// few hashes away; at real difficulty the attempt misses and only delays the workers by its own length.
    /// </summary>
    internal uint? InlineNonces { get; init; }

    /// <summary>
    /// The inline budget on <paramref name="path"/>: 0.2 to 0.4 ms of trials, below a thread start. Measured on the
    /// shared 2-core AMD EPYC (MineLatencyBenchmarks): 4,096 trials take 0.18 to 0.25 ms on the AVX-512 path and
    /// 2.3 to 3.2 ms on the scalar one, so the scalar path gets an eighth of them.
    /// </summary>
    internal uint InlineNoncesFor(NonceSearchPath path) => InlineNonces ?? (path == NonceSearchPath.Scalar ? 1u << 9 : 1u << 12);

    /// <summary>Forces a lane implementation (tests and benchmarks); null picks the fastest this machine supports.</summary>
    internal NonceSearchPath? SearchPath { get; init; }

    internal void Validate()
    {
        if (WorkerCount < 1) throw new ArgumentOutOfRangeException(nameof(WorkerCount), WorkerCount, "at least one worker is needed");
        if (NoncesPerExtraNonce is < 1 or > 1UL << 32)
            throw new ArgumentOutOfRangeException(nameof(NoncesPerExtraNonce), NoncesPerExtraNonce, "between 1 and 2^32 nonces per extra-nonce");
        if (NoncesPerClaim < 1) throw new ArgumentOutOfRangeException(nameof(NoncesPerClaim), NoncesPerClaim, "a claim holds at least one nonce");
        if (SearchPath is { } path && !NonceScanner.IsSupported(path))
            throw new PlatformNotSupportedException($"the {path} search path needs instructions this machine lacks");
    }
}
