using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Node;

/// <summary>
/// One ledger node's rules state kept consistent: the block tree with its account state, and the mempool that
/// follows every change of the best chain. Single-owner: the grain (or program) that holds it calls it from one
/// turn at a time.
/// </summary>
public sealed class LedgerNode
{
    private readonly TimeProvider _clock;
    private readonly BlockTemplateBuilder _templates;

    /// <summary>A node with a block tree of its own.</summary>
    public LedgerNode(ChainParams chain, IBlockStore blocks, SignatureVerifier signatures, TimeProvider clock,
        MempoolOptions? mempoolOptions = null, ChainStateOptions? chainOptions = null)
        : this(new BlockTree(chain, blocks, signatures, clock), signatures, clock, mempoolOptions, chainOptions)
    {
    }

    /// <summary>A node on a block tree shared with the other nodes of its chain in this process.</summary>
    public LedgerNode(BlockTree tree, SignatureVerifier signatures, TimeProvider clock,
        MempoolOptions? mempoolOptions = null, ChainStateOptions? chainOptions = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        State = new ChainState(tree, chainOptions);
        Mempool = new Mempool(tree.Chain.ChainId, mempoolOptions ?? new MempoolOptions(), signatures, State.Accounts);
        _templates = new BlockTemplateBuilder(tree.Chain);
    }

    public ChainParams Chain => State.Chain;
    public ChainState State { get; }
    public Mempool Mempool { get; }

    /// <summary>Validates a transfer against the tip and the sender's pending ones; idempotent by txid.</summary>
    public MempoolAdmission SubmitTransaction(Transaction transaction) => Mempool.Add(transaction);

    /// <summary>Submits a block; when the best chain moves, the mempool drops what was mined and takes back what a reorganisation returned.</summary>
    public BlockAcceptance SubmitBlock(Block block) => Follow(State.Accept(block));

    /// <summary>Submits untrusted block bytes (decoded within the chain's limits).</summary>
    public BlockAcceptance SubmitBlock(ReadOnlySpan<byte> bytes) => Follow(State.Accept(bytes));

    private BlockAcceptance Follow(BlockAcceptance acceptance)
    {
        if (acceptance.TipChanged) Mempool.OnChainChanged(acceptance, State.Accounts);
        return acceptance;
    }

    /// <summary>
    /// A template on the current tip paying <paramref name="miner"/>: the bits the difficulty rules require and a
    /// time that is the clock's, raised past the median time of the last blocks when the clock lags behind.
    /// </summary>
    public BlockTemplate CreateTemplate(Address miner)
    {
        var tip = State.Tip;
        var height = tip.Height + 1;
        var ancestorAt = (long h) => State.GetHeaderAtHeight(h) ?? throw new InvalidOperationException($"no header at height {h}");
        var bits = DifficultyRules.RequiredBits(Chain, height, tip.Header, ancestorAt);
        var medianTimePast = DifficultyRules.MedianTimePast(Chain, tip.Height, ancestorAt);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var time = (uint)Math.Clamp(now, medianTimePast + 1L, uint.MaxValue);
        return _templates.Build(tip.Hash, height, bits, time, miner, Mempool);
    }

    /// <summary>Builds a template, searches its proof of work, and submits the block found.</summary>
    public async Task<BlockAcceptance> MineBlockAsync(ProofOfWorkMiner miner, Address minerAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(miner);
        var template = CreateTemplate(minerAddress);
        var block = await miner.MineAsync(template, cancellationToken).ConfigureAwait(false);
        return SubmitBlock(block);
    }
}
