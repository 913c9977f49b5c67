using GrainChain.Ledger.TransactionPool;
using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// Builds the next block to mine: the best-paying transactions the mempool can offer within the block limits,
/// and a coinbase paying the height's reward plus their fees to the miner.
/// </summary>
public sealed class BlockTemplateBuilder
{
    /// <summary>The header version templates carry.</summary>
    public const int HeaderVersion = 1;

    private readonly ChainParams _chain;

    public BlockTemplateBuilder(ChainParams chainParams)
    {
        ArgumentNullException.ThrowIfNull(chainParams);
        _chain = chainParams;
    }

    /// <summary>Bytes of a block that hold no transfer: header, the largest transaction-count prefix, and coinbase.</summary>
    public int FixedBlockBytes =>
        BlockHeader.Size + SpanWriter.CompactSizeLength((ulong)_chain.MaxBlockTransactions) + Transaction.CoinbaseSize;

    /// <summary>A template on top of <paramref name="parent"/>.</summary>
    public BlockTemplate Build(
        in BlockHeader parent, long height, uint bits, uint time, Address miner, Mempool mempool) =>
        Build(parent.ComputeHash(), height, bits, time, miner, mempool);

    /// <summary>
    /// A template for block <paramref name="height"/> whose parent hashes to <paramref name="parentHash"/>.
    /// Bits and time come from the caller, who applies the chain's difficulty and time rules; the header nonce
    /// is zero and the coinbase's extra-nonce too, for the miner to vary.
    /// </summary>
    public BlockTemplate Build(
        Hash256 parentHash, long height, uint bits, uint time, Address miner, Mempool mempool)
    {
        ArgumentNullException.ThrowIfNull(mempool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (mempool.ChainId != _chain.ChainId)
            throw new ArgumentException($"the mempool holds chain {mempool.ChainId}, not {_chain.ChainId}", nameof(mempool));

        // The coinbase takes one of the transaction slots and its bytes come off the top.
        var selected = mempool.SelectForBlock(_chain.MaxBlockTransactions - 1, _chain.MaxBlockBytes - FixedBlockBytes);
        long fees = 0;
        foreach (var tx in selected) fees += tx.Fee.Units;
        var coinbase = Transaction.CreateCoinbase(
            _chain.ChainId, miner, _chain.RewardAt(height) + new Amount(fees), (ulong)height);

        var transactions = ImmutableArray.CreateRange(selected);
        var ids = new Hash256[transactions.Length + 1];
        ids[0] = coinbase.Id;
        for (var i = 0; i < transactions.Length; i++) ids[i + 1] = transactions[i].Id;
        var header = new BlockHeader(HeaderVersion, parentHash, MerkleTree.ComputeRoot(ids), time, bits, 0);
        return new BlockTemplate(header, coinbase, transactions);
    }
}
