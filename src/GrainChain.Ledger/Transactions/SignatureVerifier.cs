using System.Collections.Concurrent;
using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Transactions;

/// <summary>
/// Checks transaction signatures; the one entry point block and mempool validation use. Thread-safe: share one
/// instance per node, so that what the mempool verified is a cache hit when the same transaction arrives in a block.
/// </summary>
/// <remarks>
/// A check never throws for bad content: coinbases, unsigned transfers, non-canonical (high-S or out-of-range)
/// signatures and keys off the curve are all simply false.
/// </remarks>
public sealed class SignatureVerifier : IDisposable
{
    private readonly SignatureCache? _signatures;
    private readonly P256KeyCache _keys;
    private readonly int _maxDegreeOfParallelism;
    private readonly int _parallelThreshold;

    public SignatureVerifier() : this(SignatureVerifierOptions.Default)
    {
    }

    public SignatureVerifier(SignatureVerifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        if (options.SignatureCacheCapacity > 0) _signatures = new SignatureCache(options.SignatureCacheCapacity);
        _keys = new P256KeyCache(options.KeyCacheCapacity, poolSize: options.MaxDegreeOfParallelism);
        _maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        _parallelThreshold = options.ParallelThreshold;
    }

    public SignatureVerifierOptions Options { get; }

    /// <summary>Transactions whose successful check is remembered now.</summary>
    public int CachedSignatureCount => _signatures?.Count ?? 0;

    /// <summary>Sender keys held imported now.</summary>
    public int CachedKeyCount => _keys.Count;

    /// <summary>True when the transfer carries a valid canonical signature by its sender.</summary>
    public bool Verify(Transaction transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.IsCoinbase || !transfer.IsSigned) return false;
        // The shape check comes before the cache: a high-S signature is never valid, however it got in.
        if (!P256Curve.IsCanonicalSignature(transfer.Signature.Span)) return false;

        var txid = transfer.Id;
        if (_signatures is not null && _signatures.Contains(txid)) return true;

        Span<byte> digest = stackalloc byte[Hash256.Size];
        transfer.SigningHash.WriteTo(digest);
        if (!_keys.Verify(transfer.Sender, digest, transfer.Signature.Span)) return false;

        _signatures?.Add(txid);
        return true;
    }

    /// <summary>True when every non-coinbase transaction in <paramref name="transactions"/> verifies.</summary>
    public bool VerifyAll(IReadOnlyList<Transaction> transactions) => FindFirstInvalid(transactions) < 0;

    /// <summary>True when every non-coinbase transaction in <paramref name="transactions"/> verifies.</summary>
    public bool VerifyAll(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken) =>
        FindFirstInvalid(transactions, cancellationToken) < 0;

    /// <summary>
    /// The lowest index whose transfer does not verify (a null entry counts as invalid), or −1 when all do.
    /// Coinbases are skipped. Batches of at least <see cref="SignatureVerifierOptions.ParallelThreshold"/>
    /// are spread over up to <see cref="SignatureVerifierOptions.MaxDegreeOfParallelism"/> threads, the caller's among them.
    /// </summary>
    public int FindFirstInvalid(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var count = transactions.Count;
        if (count < _parallelThreshold || _maxDegreeOfParallelism == 1)
        {
            for (var i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!IsValidEntry(transactions[i])) return i;
            }
            return -1;
        }
        return FindFirstInvalidInParallel(transactions, cancellationToken);
    }

    private int FindFirstInvalidInParallel(IReadOnlyList<Transaction> transactions, CancellationToken cancellationToken)
    {
        var count = transactions.Count;
        // Several ranges per thread even out the load when some transactions are cache hits and others are not.
        var rangeSize = Math.Clamp(count / (_maxDegreeOfParallelism * 8), 1, 64);
        var firstInvalid = int.MaxValue;
        var parallelOptions = new ParallelOptions
        {
            MaxDegreeOfParallelism = _maxDegreeOfParallelism,
            CancellationToken = cancellationToken,
            // Always the thread pool: a caller inside a grain turn runs under a one-at-a-time scheduler, which
            // would serialise the workers (or leave them waiting behind the very turn that waits for them).
            TaskScheduler = TaskScheduler.Default,
        };
        Parallel.ForEach(Partitioner.Create(0, count, rangeSize), parallelOptions, (range, _) =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                // Indices above a known failure cannot change the answer; those below still must be checked.
                if (i >= Volatile.Read(ref firstInvalid)) return;
                if (!IsValidEntry(transactions[i]))
                {
                    LowerTo(ref firstInvalid, i);
                    return;
                }
            }
        });
        return firstInvalid == int.MaxValue ? -1 : firstInvalid;
    }

    private bool IsValidEntry(Transaction? transaction) =>
        transaction is not null && (transaction.IsCoinbase || Verify(transaction));

    private static void LowerTo(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Releases the imported keys.</summary>
    public void Dispose() => _keys.Dispose();
}
