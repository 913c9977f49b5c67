using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Real ledger values for the wire tests: a fresh key, transfers it signs, a coinbase and blocks.</summary>
internal sealed class LedgerSamples : IDisposable
{
    public static readonly uint ChainId = ChainParams.Test.ChainId;

    public static readonly Address Recipient = new(Enumerable.Range(1, Address.Size).Select(i => (byte)(i * 7)).ToArray());

    public LedgerSamples()
    {
        Sender = KeyPair.Generate();
        UnsignedTransfer = Transaction.CreateTransfer(ChainId, Sender.PublicKey, Recipient, new Amount(12_345), new Amount(67), nonce: 3);
        SignedTransfer = TransactionSigner.Sign(UnsignedTransfer, Sender);
        SecondTransfer = TransactionSigner.Sign(
            Transaction.CreateTransfer(ChainId, Sender.PublicKey, Recipient, new Amount(Amount.MaxUnits), Amount.Zero, nonce: 4), Sender);
        Coinbase = Transaction.CreateCoinbase(ChainId, Recipient, new Amount(50 * Amount.UnitsPerCoin), height: 1, extraNonce: 0xDEAD_BEEF);
        Genesis = GenesisBlock.Create(ChainParams.Test);
        Block = BuildBlock(Genesis.Hash, [Coinbase, SignedTransfer, SecondTransfer]);
    }

    public KeyPair Sender { get; }
    public Transaction UnsignedTransfer { get; }
    public Transaction SignedTransfer { get; }
    public Transaction SecondTransfer { get; }
    public Transaction Coinbase { get; }
    public Block Genesis { get; }

    /// <summary>Height 1 on the test chain: a coinbase and two signed transfers (proof of work is not needed here).</summary>
    public Block Block { get; }

    public static Block BuildBlock(Hash256 previous, ImmutableArray<Transaction> transactions) =>
        new(new BlockHeader(1, previous, MerkleTree.ComputeRoot(transactions), 1_767_225_660, ChainParams.Test.PowLimitBits, 7), transactions);

    public void Dispose() => Sender.Dispose();
}
