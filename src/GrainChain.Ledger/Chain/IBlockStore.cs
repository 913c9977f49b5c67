using System.Diagnostics.CodeAnalysis;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// Immutable blocks keyed by hash, shared by every node of one chain in a process: one copy per hash. A store
/// holds only blocks that passed the context-free rules of <see cref="Chain"/>, so a node that finds a hash here
/// need not check those rules (signatures included) again. Implementations are thread-safe.
/// </summary>
public interface IBlockStore
{
    /// <summary>The chain whose context-free rules every stored block passed.</summary>
    ChainParams Chain { get; }

    int Count { get; }

    bool TryGet(Hash256 hash, [MaybeNullWhen(false)] out Block block);

    /// <summary>Stores <paramref name="block"/> unless its hash is present; returns the stored instance either way.</summary>
    Block GetOrAdd(Block block);
}
