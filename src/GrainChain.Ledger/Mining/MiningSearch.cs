using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// The state one <see cref="ProofOfWorkMiner.MineAsync(BlockTemplate, IProgress{MiningProgress}?, CancellationToken)"/>
/// call shares between the calling thread and its workers. The search space is (extra-nonce, nonce) cut into claims
/// by a <see cref="ClaimSchedule"/>; each searcher takes the next claim from one counter, so a slow or descheduled
/// worker never leaves a gap the others wait on.
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
    private readonly ClaimSchedule _claims;
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
        // With no inline attempt, claim 0 is simply the first worker's, of the usual size.
        var inline = options.InlineNoncesFor(_path);
        HasInlineClaim = inline > 0;
        _claims = new ClaimSchedule(_range, options.NoncesPerClaim, HasInlineClaim ? inline : options.NoncesPerClaim);
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    public Block? Result => Volatile.Read(ref _result);

    /// <summary>True once every extra-nonce after the template's own was tried (2^64 of them: not in practice).</summary>
    public bool Exhausted { get; private set; }

    public void Stop() => _stop = true;

    /// <summary>True once nothing is left to search: a block was found, the token fired, a worker failed or the extra-nonces ran out.</summary>
    public bool IsOver => _stop || _cancellationToken.IsCancellationRequested;

    /// <summary>Whether claim 0 is the short one meant for <see cref="SearchFirstClaim"/> (the options allow one).</summary>
    public bool HasInlineClaim { get; }

    /// <summary>
    /// Searches claim 0, the schedule's short first claim, on the calling thread. Call it before any worker starts,
    /// so that claim 0 is the one it takes; the workers then go on from claim 1 and never search its nonces again.
    /// </summary>
    public void SearchFirstClaim() => Search(maxClaims: 1);

    /// <summary>One worker's loop: claim, search, repeat until a block is found, the token fires, or another worker stops the search.</summary>
    public void Work() => Search(maxClaims: ulong.MaxValue);

    private void Search(ulong maxClaims)
    {
        MiningJob? job = null;
        try
        {
            for (var taken = 0UL; taken < maxClaims && !_stop && !_cancellationToken.IsCancellationRequested; taken++)
            {
                var (round, offset, count) = _claims[(ulong)(Interlocked.Increment(ref _nextClaim) - 1)];
                if (round > ulong.MaxValue - _template.Coinbase.ExtraNonce)
                {
                    Exhausted = true;
                    _stop = true;
                    return;
                }
                var extraNonce = _template.Coinbase.ExtraNonce + round;
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
