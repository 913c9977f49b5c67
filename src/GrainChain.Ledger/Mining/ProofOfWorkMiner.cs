using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// Finds a block for a template: searches header nonces on every worker thread at once and, when a whole
/// nonce range is used up, moves the coinbase to its next extra-nonce (new txid, merkle root and midstate).
/// </summary>
public sealed class ProofOfWorkMiner
{
    private readonly MinerOptions _options;

    public ProofOfWorkMiner(MinerOptions? options = null)
    {
        _options = options ?? new MinerOptions();
        _options.Validate();
    }

    public MinerOptions Options => _options;

    /// <inheritdoc cref="MineAsync(BlockTemplate, IProgress{MiningProgress}?, CancellationToken)"/>
    public Task<Block> MineAsync(BlockTemplate template, CancellationToken cancellationToken) =>
        MineAsync(template, progress: null, cancellationToken);

    /// <summary>
    /// Returns the first block found whose hash meets the template's bits: the template's transactions behind a
    /// coinbase that differs from the template's at most in its extra-nonce. Cancellation stops every worker within
    /// a few thousand nonces and ends the task with <see cref="OperationCanceledException"/> (a block found in the
    /// meantime is still returned). <paramref name="progress"/> hears, from a worker thread, each extra-nonce as the
    /// search begins it.
    /// </summary>
    public async Task<Block> MineAsync(BlockTemplate template, IProgress<MiningProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.Coinbase.IsCoinbase) throw new ArgumentException("the template's first transaction must be a coinbase", nameof(template));
        if (!ProofOfWork.TryDecodeTargetHash(template.Header.Bits, out _))
            throw new ArgumentException($"the template's bits 0x{template.Header.Bits:x8} are not a valid target", nameof(template));
        cancellationToken.ThrowIfCancellationRequested();

        var search = new MiningSearch(template, _options, progress, cancellationToken);
        var workers = new Task[_options.WorkerCount];
        for (var i = 0; i < workers.Length; i++)
            workers[i] = Task.Factory.StartNew(search.Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
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
}
