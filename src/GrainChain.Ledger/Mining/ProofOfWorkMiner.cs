using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// Finds a block for a template: tries the first few thousand nonces on the calling thread, then, if none meets
/// the target, searches the rest on every worker thread at once; when a whole nonce range is used up, it moves the
/// coinbase to its next extra-nonce (new txid, merkle root and midstate).
/// </summary>
public sealed class ProofOfWorkMiner
{
    private readonly MinerOptions _options;
    private long _workersStarted;

    public ProofOfWorkMiner(MinerOptions? options = null)
    {
        _options = options ?? new MinerOptions();
        _options.Validate();
    }

    public MinerOptions Options => _options;

    /// <summary>Worker threads this miner has started over all its searches (tests see from it that a search ended inline).</summary>
    internal long WorkersStarted => Interlocked.Read(ref _workersStarted);

    /// <inheritdoc cref="MineAsync(BlockTemplate, IProgress{MiningProgress}?, CancellationToken)"/>
    public Task<Block> MineAsync(BlockTemplate template, CancellationToken cancellationToken) =>
        MineAsync(template, progress: null, cancellationToken);

    /// <summary>
    /// Returns the first block found whose hash meets the template's bits: the template's transactions behind a
    /// coinbase that differs from the template's at most in its extra-nonce. Cancellation stops every worker within
    /// a few thousand nonces and ends the task with <see cref="OperationCanceledException"/> (a block found in the
    /// meantime is still returned). <paramref name="progress"/> hears each extra-nonce as the search begins it, from the
    /// thread that begins it: the caller's for the template's own extra-nonce, a worker's for the others.
    /// </summary>
    /// <remarks>
    /// The caller's thread searches the first few thousand nonces before this method returns its task (a fraction of a
    /// millisecond), so at a test chain's bits the task is almost always complete on return and no thread is started.
    /// </remarks>
    public async Task<Block> MineAsync(BlockTemplate template, IProgress<MiningProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.Coinbase.IsCoinbase) throw new ArgumentException("the template's first transaction must be a coinbase", nameof(template));
        if (!ProofOfWork.TryDecodeTargetHash(template.Header.Bits, out _))
            throw new ArgumentException($"the template's bits 0x{template.Header.Bits:x8} are not a valid target", nameof(template));
        cancellationToken.ThrowIfCancellationRequested();

        var search = new MiningSearch(template, _options, progress, cancellationToken);
        try
        {
            // Starting a thread costs more than the whole search at trivial bits, so the short first claim runs here.
            if (search.HasInlineClaim) search.SearchFirstClaim();
            if (!search.IsOver) await Task.WhenAll(StartWorkers(search)).ConfigureAwait(false);
        }
        finally
        {
            search.Stop();
        }

        if (search.Result is { } block) return block;
        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException(search.Exhausted
            ? "every extra-nonce was tried without meeting the target"
            : "the miner stopped without a block");
    }

    private Task[] StartWorkers(MiningSearch search)
    {
        var workers = new Task[_options.WorkerCount];
        for (var i = 0; i < workers.Length; i++)
        {
            Interlocked.Increment(ref _workersStarted);
            workers[i] = Task.Factory.StartNew(search.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        return workers;
    }
}
