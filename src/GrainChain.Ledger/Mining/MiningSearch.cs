using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// The state one <see cref="ProofOfWorkMiner.MineAsync(BlockTemplate, IProgress{MiningProgress}?, CancellationToken)"/>
/// call shares between its workers. The search space is (extra-nonce, nonce) cut into claims; workers take the next
/// claim from one counter, so a slow or descheduled worker never leaves a gap the others wait on.
/// </summary>
internal sealed class MiningSearch
{
    // Workers look at the stop flag and the token this often inside a claim.
    private const uint SliceSize = 4096;

    private readonly BlockTemplate _template;
    private readonly CoinbaseMerkleBranch _branch;
    private readonly Hash256 _target;
    private readonly NonceSearchPath _path;
    private readonly ulong _range;
    private readonly ulong _claimSize;
    private readonly ulong _claimsPerExtraNonce;
    private readonly IProgress<MiningProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private long _nextClaim;
    private volatile bool _stop;
    private Block? _result;

    public MiningSearch(BlockTemplate template, MinerOptions options, IProgress<MiningProgress>? progress, CancellationToken cancellationToken)
    {
        _template = template;
        _branch = new CoinbaseMerkleBranch(template.Transactions);
        _target = ProofOfWork.TargetAsHash(template.Header.Bits);
        _path = options.SearchPath ?? NonceScanner.Best;
        _range = options.NoncesPerExtraNonce;
        _claimSize = Math.Min(options.NoncesPerClaim, _range);
        _claimsPerExtraNonce = (_range + _claimSize - 1) / _claimSize;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    public Block? Result => Volatile.Read(ref _result);

    /// <summary>True once every extra-nonce after the template's own was tried (2^64 of them: not in practice).</summary>
    public bool Exhausted { get; private set; }

    public void Stop() => _stop = true;

    /// <summary>One worker's loop: claim, search, repeat until a block is found, the token fires, or another worker stops the search.</summary>
    public void Work()
    {
        MiningJob? job = null;
        try
        {
            while (!_stop && !_cancellationToken.IsCancellationRequested)
            {
                var claim = (ulong)(Interlocked.Increment(ref _nextClaim) - 1);
                var round = claim / _claimsPerExtraNonce;
                if (round > ulong.MaxValue - _template.Coinbase.ExtraNonce)
                {
                    Exhausted = true;
                    _stop = true;
                    return;
                }
                var extraNonce = _template.Coinbase.ExtraNonce + round;
                var offset = claim % _claimsPerExtraNonce * _claimSize;
                var count = Math.Min(_claimSize, _range - offset);
                if (job is null || job.ExtraNonce != extraNonce) job = new MiningJob(_template, _branch, extraNonce);
                if (offset == 0) _progress?.Report(new MiningProgress(extraNonce, round * _range));

                for (var done = 0UL; done < count; done += SliceSize)
                {
                    if (_stop || _cancellationToken.IsCancellationRequested) return;
                    var slice = (uint)Math.Min(SliceSize, count - done);
                    if (NonceScanner.TryFind(job.Midstate, (uint)(offset + done), slice, _target, _path, out var nonce))
                    {
                        Complete(job, nonce);
                        return;
                    }
                }
            }
        }
        catch
        {
            _stop = true;
            throw;
        }
    }

    private void Complete(MiningJob job, uint nonce)
    {
        var block = _template.ToBlock(job.Coinbase, nonce);
        // A cheap guard on the fast path: the block must be exactly what was searched and must meet its bits.
        if (block.Header != job.Header with { Nonce = nonce } || !ProofOfWork.MeetsTarget(block.Hash, block.Header.Bits))
            throw new InvalidOperationException($"the nonce search reported nonce {nonce} for extra-nonce {job.ExtraNonce}, which does not meet the target");
        Interlocked.CompareExchange(ref _result, block, null);
        _stop = true;
    }
}
