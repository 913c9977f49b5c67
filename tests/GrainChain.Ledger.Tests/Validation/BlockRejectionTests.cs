using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Validation;

/// <summary>Each consensus rule, broken once on an otherwise valid block, is refused with its own reason.</summary>
public sealed class BlockRejectionTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();
    private readonly Block _funded;

    public BlockRejectionTests()
    {
        // Alice mines block 1; its coinbase is spendable from block 2 on.
        _funded = TestBlocks.Next(Chain, _node.Genesis, miner: _alice.Address);
        _node.AcceptAll([_funded]);
    }

    private ChainParams Chain => _node.Chain;
    private long AliceFunds => Chain.RewardAt(1).Units;

    public void Dispose()
    {
        _node.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private Transaction Pay(long units, ulong nonce, long fee = 10, KeyPair? from = null) =>
        TestBlocks.Transfer(Chain, from ?? _alice, _bob.Address, units, fee, nonce);

    private void AssertRejected(Block block, BlockRejectReason reason)
    {
        var tipBefore = _node.State.Tip.Hash;
        var accountsBefore = _node.State.SnapshotAccounts();

        var outcome = _node.Accept(block);

        Assert.Equal(BlockAcceptanceKind.Invalid, outcome.Kind);
        Assert.Equal(reason, outcome.Verdict.Reason);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Verdict.Message));
        Assert.Equal(tipBefore, _node.State.Tip.Hash);
        Assert.Equal(accountsBefore, _node.State.SnapshotAccounts());
    }

    private void AssertAccepted(Block block)
    {
        var outcome = _node.Accept(block);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, outcome.Kind);
        Assert.Equal(block.Hash, _node.State.Tip.Hash);
    }

    [Fact]
    public void A_valid_transfer_block_is_accepted()
    {
        AssertAccepted(TestBlocks.Next(Chain, _funded, [Pay(1_000, 0), Pay(2_000, 1)]));
        Assert.Equal(3_000, _node.State.Accounts.BalanceOf(_bob.Address).Units);
        Assert.Equal(2ul, _node.State.Accounts.NextNonceOf(_alice.Address));
    }

    [Fact]
    public void Forged_signature_content_changed_after_signing()
    {
        var signed = Pay(1_000, 0);
        var forged = Transaction.CreateTransfer(Chain.ChainId, _alice.PublicKey, _bob.Address, new Amount(AliceFunds - 10), new Amount(10), 0)
            .WithSignature(signed.Signature);
        AssertRejected(TestBlocks.Next(Chain, _funded, [forged]), BlockRejectReason.BadSignature);
    }

    [Fact]
    public void Forged_signature_by_another_key()
    {
        using var mallory = KeyPair.Generate();
        var unsigned = Transaction.CreateTransfer(Chain.ChainId, _alice.PublicKey, mallory.Address, new Amount(1_000), new Amount(10), 0);
        var forged = unsigned.WithSignature(mallory.SignHash(unsigned.SigningHash));
        AssertRejected(TestBlocks.Next(Chain, _funded, [forged]), BlockRejectReason.BadSignature);
    }

    [Fact]
    public void Double_spend_spending_more_than_the_balance()
    {
        var half = AliceFunds / 2 + 1;
        AssertRejected(TestBlocks.Next(Chain, _funded, [Pay(half, 0, fee: 0), Pay(half, 1, fee: 0)]), BlockRejectReason.InsufficientBalance);
        AssertAccepted(TestBlocks.Next(Chain, _funded, [Pay(half, 0, fee: 0)]));
    }

    [Fact]
    public void Double_spend_two_transfers_with_the_same_nonce()
    {
        var toBob = Pay(1_000, 0);
        var toCarol = TestBlocks.Transfer(Chain, _alice, TestBlocks.DefaultMiner, 1_000, 10, 0);
        AssertRejected(TestBlocks.Next(Chain, _funded, [toBob, toCarol]), BlockRejectReason.NonceReusedInBlock);
    }

    [Fact]
    public void Replayed_nonce_from_an_earlier_block()
    {
        var first = Pay(1_000, 0);
        var block2 = TestBlocks.Next(Chain, _funded, [first]);
        AssertAccepted(block2);
        AssertRejected(TestBlocks.Next(Chain, block2, [first]), BlockRejectReason.NonceReplayed);
        AssertRejected(TestBlocks.Next(Chain, block2, [Pay(5, 0)]), BlockRejectReason.NonceReplayed);
        AssertAccepted(TestBlocks.Next(Chain, block2, [Pay(5, 1)]));
    }

    [Fact]
    public void Nonce_that_skips_ahead()
    {
        AssertRejected(TestBlocks.Next(Chain, _funded, [Pay(1_000, 1)]), BlockRejectReason.NonceGap);
    }

    [Fact]
    public void Over_paying_coinbase()
    {
        var transfers = new[] { Pay(1_000, 0, fee: 25) };
        var allowed = Chain.RewardAt(2).Units + 25;
        AssertRejected(TestBlocks.Next(Chain, _funded, transfers, coinbaseUnits: allowed + 1), BlockRejectReason.CoinbaseOverpays);
        AssertAccepted(TestBlocks.Next(Chain, _funded, transfers, coinbaseUnits: allowed));
    }

    [Fact]
    public void Under_paying_coinbase_is_allowed_and_burns_the_rest()
    {
        AssertAccepted(TestBlocks.Next(Chain, _funded, coinbaseUnits: 1));
        Assert.Equal(1, _node.State.Accounts.BalanceOf(TestBlocks.DefaultMiner).Units);
    }

    [Fact]
    public void Wrong_bits()
    {
        // A harder target than required still has valid work for its own bits: only the contextual rule catches it.
        AssertRejected(TestBlocks.Next(Chain, _funded, bits: 0x207ffffe), BlockRejectReason.WrongBits);
    }

    [Fact]
    public void Bits_easier_than_the_chain_limit()
    {
        AssertRejected(TestBlocks.Next(Chain, _funded, bits: 0x2100ffff), BlockRejectReason.InvalidTarget);
    }

    [Fact]
    public void Too_early_time()
    {
        var block2 = TestBlocks.Next(Chain, _funded);
        AssertAccepted(block2);
        // Times are genesis, +1, +2: the median is +1, so the next block needs a time above it.
        var median = _funded.Header.Time;
        AssertRejected(TestBlocks.Next(Chain, block2, time: median), BlockRejectReason.TimeTooEarly);
        AssertRejected(TestBlocks.Next(Chain, block2, time: median - 100), BlockRejectReason.TimeTooEarly);
        AssertAccepted(TestBlocks.Next(Chain, block2, time: median + 1));
    }

    [Fact]
    public void Too_far_future_time_until_the_clock_catches_up()
    {
        var latest = (uint)(_node.Clock.Now.ToUnixTimeSeconds() + Chain.MaxFutureDriftSeconds);
        var early = TestBlocks.Next(Chain, _funded, time: latest + 1);
        AssertRejected(early, BlockRejectReason.TimeTooFarInFuture);

        // Not remembered as invalid: a minute later the same block is fine.
        _node.Clock.Now = _node.Clock.Now.AddSeconds(60);
        AssertAccepted(early);
        AssertAccepted(TestBlocks.Next(Chain, early, time: latest + 60));
    }

    [Fact]
    public void Coinbase_with_the_wrong_height()
    {
        AssertRejected(TestBlocks.Next(Chain, _funded, coinbaseHeight: 3), BlockRejectReason.WrongCoinbaseHeight);
        AssertRejected(TestBlocks.Next(Chain, _funded, coinbaseHeight: 1), BlockRejectReason.WrongCoinbaseHeight);
    }

    [Fact]
    public void Transfer_signed_for_another_chain()
    {
        var foreign = TestBlocks.Transfer(ChainParams.Main, _alice, _bob.Address, 1_000, 10, 0);
        AssertRejected(TestBlocks.Next(Chain, _funded, [foreign]), BlockRejectReason.WrongChainId);
    }

    [Fact]
    public void Coinbase_for_another_chain()
    {
        var coinbase = Transaction.CreateCoinbase(ChainParams.Main.ChainId, _bob.Address, Chain.RewardAt(2), 2);
        var header = new BlockHeader(1, _funded.Hash, Hash256.Zero, _funded.Header.Time + 1, _funded.Header.Bits, 0);
        AssertRejected(TestBlocks.Assemble(header, [coinbase]), BlockRejectReason.WrongChainId);
    }

    [Fact]
    public void Merkle_root_that_does_not_match()
    {
        var valid = TestBlocks.Next(Chain, _funded, [Pay(1_000, 0)]);
        var wrongRoot = TestBlocks.Mine(valid.Header with { MerkleRoot = valid.Transactions[0].Id }, valid.Transactions);
        AssertRejected(wrongRoot, BlockRejectReason.MerkleRootMismatch);
        AssertAccepted(valid);
    }

    [Fact]
    public void Duplicated_tail_with_the_same_hash_does_not_condemn_the_valid_block()
    {
        // [cb, a, b] and [cb, a, b, b] have the same merkle root, so the same header and the same block hash.
        var valid = TestBlocks.Next(Chain, _funded, [Pay(1_000, 0), Pay(2_000, 1)]);
        var mutated = new Block(valid.Header, valid.Transactions.Add(valid.Transactions[^1]));
        Assert.Equal(valid.Hash, mutated.Hash);

        AssertRejected(mutated, BlockRejectReason.DuplicateTransaction);
        AssertAccepted(valid);
    }

    [Fact]
    public void Hash_above_the_target()
    {
        AssertRejected(TestBlocks.Unmine(TestBlocks.Next(Chain, _funded)), BlockRejectReason.InsufficientProofOfWork);
    }

    [Fact]
    public void Block_without_a_coinbase_first()
    {
        var header = new BlockHeader(1, _funded.Hash, Hash256.Zero, _funded.Header.Time + 1, _funded.Header.Bits, 0);
        AssertRejected(TestBlocks.Assemble(header, [Pay(1_000, 0)]), BlockRejectReason.FirstTransactionNotCoinbase);
        AssertRejected(TestBlocks.Assemble(header, []), BlockRejectReason.NoTransactions);
    }

    [Fact]
    public void Second_coinbase()
    {
        var header = new BlockHeader(1, _funded.Hash, Hash256.Zero, _funded.Header.Time + 1, _funded.Header.Bits, 0);
        var coinbase = Transaction.CreateCoinbase(Chain.ChainId, _bob.Address, Chain.RewardAt(2), 2);
        AssertRejected(TestBlocks.Assemble(header, [coinbase, coinbase.WithExtraNonce(1)]), BlockRejectReason.ExtraCoinbase);
    }

    [Fact]
    public void Child_of_an_invalid_block()
    {
        var bad = TestBlocks.Next(Chain, _funded, [Pay(1_000, 5)]);
        AssertRejected(bad, BlockRejectReason.NonceGap);
        AssertRejected(TestBlocks.Next(Chain, bad), BlockRejectReason.InvalidAncestor);
        // Resubmitting the bad block costs nothing and gives the same verdict.
        AssertRejected(bad, BlockRejectReason.NonceGap);
    }

    [Fact]
    public void Undecodable_bytes()
    {
        var bytes = TestBlocks.Next(Chain, _funded).ToArray();
        var outcome = _node.State.Accept(bytes.AsSpan(0, bytes.Length - 1));
        Assert.Equal(BlockAcceptanceKind.Invalid, outcome.Kind);
        Assert.Equal(BlockRejectReason.Malformed, outcome.Verdict.Reason);
        Assert.Contains("transaction", outcome.Verdict.Message);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, _node.State.Accept(bytes).Kind);
    }

    [Fact]
    public void Decoding_enforces_the_chain_limits()
    {
        var block = TestBlocks.Next(Chain, _funded, [Pay(1_000, 0), Pay(1_000, 1)]);
        var bytes = block.ToArray();

        Assert.Equal(BlockRejectReason.TooManyTransactions,
            BlockDecoder.TryDecode(bytes, Chain with { MaxBlockTransactions = 2 }, out _).Reason);
        Assert.Equal(BlockRejectReason.TooLarge,
            BlockDecoder.TryDecode(bytes, Chain with { MaxBlockBytes = bytes.Length - 1 }, out _).Reason);
        Assert.True(BlockDecoder.TryDecode(bytes, Chain, out var decoded).IsValid);
        Assert.Equal(block.Hash, decoded!.Hash);
    }

    [Fact]
    public void Context_free_rules_enforce_the_chain_limits_on_built_blocks()
    {
        var block = TestBlocks.Next(Chain, _funded, [Pay(1_000, 0), Pay(1_000, 1)]);
        Assert.Equal(BlockRejectReason.TooManyTransactions,
            new ContextFreeBlockValidator(Chain with { MaxBlockTransactions = 2 }, _node.Verifier).Validate(block).Reason);
        Assert.Equal(BlockRejectReason.TooLarge,
            new ContextFreeBlockValidator(Chain with { MaxBlockBytes = block.EncodedSize - 1 }, _node.Verifier).Validate(block).Reason);
    }

    [Fact]
    public void Balance_past_the_supply_cap()
    {
        var view = new FixedAccounts(new()
        {
            [_alice.Address] = new Account(new Amount(10), 0),
            [_bob.Address] = new Account(new Amount(Amount.MaxUnits), 0),
        });
        var block = TestBlocks.Next(Chain, _funded, [Pay(1, 0, fee: 0)]);
        var result = StateBlockValidator.Validate(block, 2, view, Chain, out var changes);
        Assert.Equal(BlockRejectReason.ArithmeticOverflow, result.Reason);
        Assert.Null(changes);
    }

    [Fact]
    public void Exhausted_nonces()
    {
        var view = new FixedAccounts(new() { [_alice.Address] = new Account(new Amount(100), ulong.MaxValue) });
        var block = TestBlocks.Next(Chain, _funded, [Pay(1, ulong.MaxValue, fee: 0)]);
        Assert.Equal(BlockRejectReason.ArithmeticOverflow, StateBlockValidator.Validate(block, 2, view, Chain, out _).Reason);
    }

    [Fact]
    public void Every_reason_thrown_carries_its_code()
    {
        var result = BlockValidationResult.Reject(BlockRejectReason.WrongBits, "bits");
        var e = Assert.Throws<BlockRejectedException>(result.ThrowIfInvalid);
        Assert.Equal(BlockRejectReason.WrongBits, e.Reason);
        BlockValidationResult.Valid.ThrowIfInvalid();
    }

    /// <summary>Accounts given up front, for states no real chain reaches (balances at the supply cap).</summary>
    private sealed class FixedAccounts(Dictionary<Address, Account> accounts) : IAccountView
    {
        public Amount BalanceOf(Address address) => accounts.GetValueOrDefault(address).Balance;
        public ulong NextNonceOf(Address address) => accounts.GetValueOrDefault(address).NextNonce;
    }
}
