using System.Collections.Concurrent;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Services;

/// <summary>
/// What the ledger nodes of one silo share: one in-memory copy of each block and one block tree per chain (so a node
/// on the common chain costs its tip, side-branch heads, orphans and mempool, nothing per block), one signature
/// cache, header rules, and a miner whose searches take turns on a bounded number of cores.
/// </summary>
public sealed class LedgerServices : IDisposable
{
    private readonly ConcurrentDictionary<string, IBlockStore> _blocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<BlockTree>> _trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeaderChainValidator> _headerRules = new(StringComparer.Ordinal);

    public LedgerServices(TimeProvider clock) : this(clock, new MiningSlots(MiningSlots.DefaultCount, TimeSpan.FromMilliseconds(250)))
    {
    }

    public LedgerServices(TimeProvider clock, MiningSlots slots)
    {
        Clock = clock;
        Slots = slots;
        // One worker per search: the slots bound how many searches run, each on its own thread.
        Miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
    }

    /// <summary>The ledger's clock: block times, the future-time rule, ban expiry.</summary>
    public TimeProvider Clock { get; }

    public SignatureVerifier Signatures { get; } = new();

    public ProofOfWorkMiner Miner { get; }

    public MiningSlots Slots { get; }

    public IBlockStore BlocksOf(ChainParams chain) => _blocks.GetOrAdd(chain.Name, _ => new InMemoryBlockStore(chain));

    /// <summary>The block tree every node of <paramref name="chain"/> in this silo is a view of.</summary>
    public BlockTree TreeOf(ChainParams chain) =>
        // Lazy, so that racing first callers still build a single tree (GetOrAdd may run its factory twice).
        _trees.GetOrAdd(chain.Name, _ => new Lazy<BlockTree>(() => new BlockTree(chain, BlocksOf(chain), Signatures, Clock))).Value;

    public HeaderChainValidator HeaderRulesOf(ChainParams chain) =>
        _headerRules.GetOrAdd(chain.Name, _ => new HeaderChainValidator(chain, Clock));

    public void Dispose()
    {
        Signatures.Dispose();
        Slots.Dispose();
    }
}
