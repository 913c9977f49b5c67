using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Chain;

/// <summary>Builds and mines blocks for the chain tests; at the test chain's bits about one hash in two succeeds.</summary>
internal static class TestBlocks
{
    /// <summary>Where test blocks pay their coinbase unless told otherwise.</summary>
    public static readonly Address DefaultMiner = new(Enumerable.Repeat((byte)0xAA, Address.Size).ToArray());

    /// <summary>A clock reading a day after the test genesis, far enough for every test chain's times.</summary>
    public static DateTimeOffset ClockFor(ChainParams chain) =>
        DateTimeOffset.FromUnixTimeSeconds(chain.GenesisHeader.Time + 86_400L);

    public static Transaction Transfer(ChainParams chain, KeyPair from, Address to, long units, long fee, ulong nonce) =>
        TransactionSigner.Sign(
            Transaction.CreateTransfer(chain.ChainId, from.PublicKey, to, new Amount(units), new Amount(fee), nonce), from);

    /// <summary>The height a block claims: its coinbase carries it.</summary>
    public static long HeightOf(Block block) => (long)block.Transactions[0].Nonce;

    /// <summary>
    /// A valid child of <paramref name="parent"/> unless an override says otherwise: coinbase paying reward plus fees
    /// at the next height, time one spacing after the parent, the parent's bits, a matching merkle root, mined.
    /// </summary>
    public static Block Next(
        ChainParams chain, Block parent, IEnumerable<Transaction>? transfers = null, Address? miner = null,
        ulong extraNonce = 0, uint? time = null, uint? bits = null, long? coinbaseUnits = null, ulong? coinbaseHeight = null)
    {
        var list = transfers?.ToList() ?? [];
        var height = HeightOf(parent) + 1;
        var fees = list.Sum(t => t.Fee.Units);
        var coinbase = Transaction.CreateCoinbase(
            chain.ChainId, miner ?? DefaultMiner, new Amount(coinbaseUnits ?? chain.RewardAt(height).Units + fees),
            coinbaseHeight ?? (ulong)height, extraNonce);
        var header = new BlockHeader(
            1, parent.Hash, Hash256.Zero, time ?? parent.Header.Time + (uint)chain.TargetSpacingSeconds,
            bits ?? parent.Header.Bits, 0);
        return Assemble(header, [coinbase, .. list]);
    }

    /// <summary>The block with its merkle root set from <paramref name="transactions"/>, mined.</summary>
    public static Block Assemble(BlockHeader header, ImmutableArray<Transaction> transactions) =>
        Mine(header with { MerkleRoot = MerkleTree.ComputeRoot(transactions) }, transactions);

    /// <summary>The block with the header as given (merkle root included), mined: the first nonce that meets the bits.</summary>
    public static Block Mine(BlockHeader header, ImmutableArray<Transaction> transactions)
    {
        if (!ProofOfWork.TryDecodeTargetHash(header.Bits, out var target))
            throw new ArgumentException("the header's bits are not a target", nameof(header));
        for (var nonce = 0u; ; nonce++)
        {
            var candidate = header with { Nonce = nonce };
            if (candidate.ComputeHash() <= target) return new Block(candidate, transactions);
        }
    }

    /// <summary>The block with the first nonce that does NOT meet the header's bits.</summary>
    public static Block Unmine(Block block)
    {
        for (var nonce = 0u; ; nonce++)
        {
            var candidate = block.Header with { Nonce = nonce };
            if (!ProofOfWork.MeetsTarget(candidate.ComputeHash(), candidate.Bits)) return new Block(candidate, block.Transactions);
        }
    }

    /// <summary>A chain of <paramref name="count"/> empty blocks on <paramref name="parent"/>; extra-nonce tells branches apart.</summary>
    public static List<Block> Branch(ChainParams chain, Block parent, int count, ulong extraNonce = 0, Address? miner = null)
    {
        var blocks = new List<Block>(count);
        for (var i = 0; i < count; i++)
        {
            parent = Next(chain, parent, miner: miner, extraNonce: extraNonce);
            blocks.Add(parent);
        }
        return blocks;
    }
}
