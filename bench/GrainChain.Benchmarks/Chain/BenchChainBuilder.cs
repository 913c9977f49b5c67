using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Chain;

/// <summary>Builds blocks on the test chain (trivial bits) for the chain suites, tracking each key's next nonce.</summary>
internal sealed class BenchChainBuilder(ChainParams chain)
{
    public ChainParams Chain { get; } = chain;

    /// <summary>A clock a day after genesis: later than any block these suites build.</summary>
    public static TimeProvider ClockFor(ChainParams chain) =>
        new FixedClock(DateTimeOffset.FromUnixTimeSeconds(chain.GenesisHeader.Time + 86_400L));

    public static Transaction Transfer(ChainParams chain, KeyPair from, Address to, long units, ulong nonce) =>
        TransactionSigner.Sign(Transaction.CreateTransfer(chain.ChainId, from.PublicKey, to, new Amount(units), new Amount(10), nonce), from);

    /// <summary>A mined child of <paramref name="parent"/> paying reward plus fees to <paramref name="miner"/>.</summary>
    public Block Next(Block parent, IReadOnlyList<Transaction> transfers, Address miner, ulong extraNonce = 0)
    {
        var height = parent.Transactions[0].Nonce + 1;
        long fees = 0;
        foreach (var tx in transfers) fees += tx.Fee.Units;
        var coinbase = Transaction.CreateCoinbase(Chain.ChainId, miner, new Amount(Chain.RewardAt((long)height).Units + fees), height, extraNonce);
        var transactions = ImmutableArray.CreateRange(transfers).Insert(0, coinbase);
        var header = new BlockHeader(1, parent.Hash, MerkleTree.ComputeRoot(transactions),
            parent.Header.Time + (uint)Chain.TargetSpacingSeconds, parent.Header.Bits, 0);
        while (!ProofOfWork.MeetsTarget(header.ComputeHash(), header.Bits)) header = header with { Nonce = header.Nonce + 1 };
        return new Block(header, transactions);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
