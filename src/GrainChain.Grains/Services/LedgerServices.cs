using System.Collections.Concurrent;
using GrainChain.Hosting.Blocks;
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
    private readonly ConcurrentDictionary<string, Lazy<BlockCache>> _blocks = new(StringComparer.Ordinal);
    private readonly IBlockArchive _archive;
    private readonly long _cacheBytes;
    private readonly ConcurrentDictionary<string, Lazy<BlockTree>> _trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HeaderChainValidator> _headerRules = new(StringComparer.Ordinal);

    public LedgerServices(TimeProvider clock, IBlockArchive archive, BlockCacheOptions cache)
        : this(clock, archive, cache, new MiningSlots(MiningSlots.DefaultCount, TimeSpan.FromMilliseconds(250)))
    {
    }

    public LedgerServices(TimeProvider clock, IBlockArchive archive, BlockCacheOptions cache, MiningSlots slots)
    {
        ArgumentNullException.ThrowIfNull(cache);
        Clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _archive = archive ?? throw new ArgumentNullException(nameof(archive));
        cache.Validate();
        _cacheBytes = cache.MaxMegabytes * 1024L * 1024L;
        Slots = slots;
        // One worker per search: the slots bound how many searches run, each on its own thread.
        Miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
    }

    /// <summary>The ledger's clock: block times, the future-time rule, ban expiry.</summary>
    public TimeProvider Clock { get; }

    public SignatureVerifier Signatures { get; } = new();

    public ProofOfWorkMiner Miner { get; }

    public MiningSlots Slots { get; }

    /// <summary>The silo's bounded copy of the block bodies of <paramref name="chain"/>, backed by the cluster's archive.</summary>
    public BlockCache BlocksOf(ChainParams chain) =>
        _blocks.GetOrAdd(chain.Name, _ => new Lazy<BlockCache>(() => new BlockCache(chain, _archive, _cacheBytes))).Value;

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
