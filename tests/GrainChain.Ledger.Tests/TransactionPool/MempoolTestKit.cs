using GrainChain.Ledger.TransactionPool;
using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.TransactionPool;

/// <summary>Keys, a test chain and signed transfers for the mempool and template tests; one per test.</summary>
internal sealed class MempoolTestKit : IDisposable
{
    public const uint ChainId = 7;

    private readonly List<KeyPair> _keys = [];

    public DictionaryAccountView View { get; } = new();

    /// <summary>Shared by every pool of the test, as a node shares one.</summary>
    public SignatureVerifier Verifier { get; } = new();

    public static ChainParams Chain { get; } = new()
    {
        Name = "mempool-test",
        ChainId = ChainId,
        PowLimitBits = 0x207fffff,
        TargetSpacingSeconds = 10,
        RetargetInterval = 10,
        NoRetargeting = true,
        InitialReward = new Amount(50 * Amount.UnitsPerCoin),
        HalvingInterval = 100,
        GenesisHeader = new BlockHeader(1, Hash256.Zero, Hash256.Zero, 1_700_000_000, 0x207fffff, 0),
    };

    public static Address Recipient { get; } = Address.Parse("00112233445566778899aabbccddeeff00112233");

    /// <summary>A new funded account.</summary>
    public KeyPair Account(long balance = 1_000_000, ulong nextNonce = 0)
    {
        var key = KeyPair.Generate();
        _keys.Add(key);
        View.With(key.Address, balance, nextNonce);
        return key;
    }

    public Mempool Pool(MempoolOptions? options = null) =>
        new(ChainId, options ?? new MempoolOptions(), Verifier, View);

    public static Transaction Transfer(KeyPair from, ulong nonce, long fee, long amount = 1_000, uint chainId = ChainId) =>
        TransactionSigner.Sign(
            Transaction.CreateTransfer(chainId, from.PublicKey, Recipient, new Amount(amount), new Amount(fee), nonce), from);

    /// <summary>A block carrying <paramref name="transfers"/> after a coinbase, as a peer might have mined it.</summary>
    public static Block BlockOf(params Transaction[] transfers)
    {
        var all = ImmutableArray.Create(Transaction.CreateCoinbase(ChainId, Recipient, Chain.RewardAt(1), 1)).AddRange(transfers);
        return new Block(new BlockHeader(1, Hash256.Zero, MerkleTree.ComputeRoot(all), 0, 0, 0), all);
    }

    public void Dispose()
    {
        foreach (var key in _keys) key.Dispose();
        Verifier.Dispose();
    }
}
