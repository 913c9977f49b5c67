using System.Collections.Concurrent;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Grains.Services;

/// <summary>
/// What the ledger nodes of one silo share: one in-memory copy of each block per chain (so a node on the common
/// chain costs little beyond its tips and mempool), one signature cache, and a miner that leaves cores to others.
/// </summary>
public sealed class LedgerServices : IDisposable
{
    private readonly ConcurrentDictionary<string, IBlockStore> _blocks = new(StringComparer.Ordinal);

    public LedgerServices(TimeProvider clock)
    {
        Clock = clock;
        // One worker: a silo hosts many nodes and other grains; a node's mining must not take every core.
        Miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
    }

    public TimeProvider Clock { get; }

    public SignatureVerifier Signatures { get; } = new();

    public ProofOfWorkMiner Miner { get; }

    public IBlockStore BlocksOf(ChainParams chain) => _blocks.GetOrAdd(chain.Name, _ => new InMemoryBlockStore(chain));

    public void Dispose() => Signatures.Dispose();
}
