using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Mining;

/// <summary>
/// A block waiting for proof of work: the header (merkle root for the coinbase as given), the coinbase, and the
/// other transactions in block order. The miner varies the header nonce and, when that space runs out, the
/// coinbase's extra-nonce.
/// </summary>
public sealed record BlockTemplate(BlockHeader Header, Transaction Coinbase, ImmutableArray<Transaction> Transactions)
{
    /// <summary>The block with the given coinbase and header nonce, merkle root recomputed to match.</summary>
    public Block ToBlock(Transaction coinbase, uint nonce)
    {
        var all = Transactions.Insert(0, coinbase);
        var header = Header with { MerkleRoot = MerkleTree.ComputeRoot(all), Nonce = nonce };
        return new Block(header, all);
    }
}
