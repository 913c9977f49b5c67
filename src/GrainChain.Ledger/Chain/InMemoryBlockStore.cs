using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Chain;

/// <summary>A process-wide block store in memory; blocks are never removed.</summary>
public sealed class InMemoryBlockStore : IBlockStore
{
    private readonly ConcurrentDictionary<Hash256, Block> _blocks = new();

    public InMemoryBlockStore(ChainParams chain) => Chain = chain ?? throw new ArgumentNullException(nameof(chain));

    public ChainParams Chain { get; }

    public int Count => _blocks.Count;

    public bool TryGet(Hash256 hash, [MaybeNullWhen(false)] out Block block) => _blocks.TryGetValue(hash, out block);

    public Block GetOrAdd(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return _blocks.GetOrAdd(block.Hash, block);
    }
}
