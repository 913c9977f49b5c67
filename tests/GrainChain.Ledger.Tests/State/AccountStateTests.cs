using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.State;

public sealed class AccountStateTests : IDisposable
{
    private readonly ChainParams _chain = ChainParams.Test;
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private (AccountState State, Block Funded) FundedState()
    {
        var state = new AccountState();
        var genesis = GenesisBlock.Create(_chain);
        Assert.True(state.TryConnect(genesis, 0, _chain, out _).IsValid);
        var funding = TestBlocks.Next(_chain, genesis, miner: _alice.Address);
        Assert.True(state.TryConnect(funding, 1, _chain, out _).IsValid);
        return (state, funding);
    }

    [Fact]
    public void Connecting_moves_balances_and_nonces_and_reverting_restores_exactly()
    {
        var (state, funded) = FundedState();
        var before = state.ToImmutable();
        var reward = _chain.RewardAt(1).Units;
        var transfers = new[]
        {
            TestBlocks.Transfer(_chain, _alice, _bob.Address, 1_000, 10, 0),
            TestBlocks.Transfer(_chain, _alice, _bob.Address, 2_000, 20, 1),
            TestBlocks.Transfer(_chain, _alice, Address.Zero, 5, 0, 2),
        };
        var block = TestBlocks.Next(_chain, funded, transfers, miner: _bob.Address);

        var result = state.TryConnect(block, 2, _chain, out var undo);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(reward - 3_035, state.BalanceOf(_alice.Address).Units);
        Assert.Equal(3ul, state.NextNonceOf(_alice.Address));
        Assert.Equal(3_000 + _chain.RewardAt(2).Units + 30, state.BalanceOf(_bob.Address).Units);
        Assert.Equal(0ul, state.NextNonceOf(_bob.Address));
        Assert.NotNull(undo);
        Assert.Equal(block.Hash, undo!.BlockHash);
        Assert.Equal(3, undo.Priors.Length); // alice, bob, the zero address

        state.Revert(undo);
        Assert.Equal(before, state.ToImmutable());
        Assert.Equal(0ul, state.NextNonceOf(_bob.Address));
        Assert.Equal(Amount.Zero, state.BalanceOf(_bob.Address));
    }

    [Fact]
    public void A_failed_block_changes_nothing()
    {
        var (state, funded) = FundedState();
        var before = state.ToImmutable();
        var block = TestBlocks.Next(_chain, funded,
        [
            TestBlocks.Transfer(_chain, _alice, _bob.Address, 1_000, 10, 0),
            TestBlocks.Transfer(_chain, _alice, _bob.Address, _chain.RewardAt(1).Units, 0, 1),
        ]);

        var result = state.TryConnect(block, 2, _chain, out var undo);

        Assert.Equal(BlockRejectReason.InsufficientBalance, result.Reason);
        Assert.Null(undo);
        Assert.Equal(before, state.ToImmutable());
    }

    [Fact]
    public void Accounts_emptied_by_a_revert_are_not_kept()
    {
        var state = new AccountState();
        var genesis = GenesisBlock.Create(_chain);
        Assert.True(state.TryConnect(genesis, 0, _chain, out var undo).IsValid);
        Assert.Equal(1, state.Count);
        state.Revert(undo!);
        Assert.Equal(0, state.Count);
        Assert.Equal(0m, state.TotalUnits());
    }

    [Fact]
    public void Changes_computed_against_another_view_are_refused()
    {
        var (state, funded) = FundedState();
        var other = new AccountState();
        var block = TestBlocks.Next(_chain, funded);
        Assert.True(StateBlockValidator.Validate(block, 2, other, _chain, out var changes).IsValid);
        Assert.Throws<ArgumentException>(() => state.Apply(changes!, block.Hash));
    }

    [Fact]
    public void Stale_changes_are_refused()
    {
        var (state, funded) = FundedState();
        var first = TestBlocks.Next(_chain, funded, [TestBlocks.Transfer(_chain, _alice, _bob.Address, 1, 0, 0)]);
        Assert.True(StateBlockValidator.Validate(first, 2, state, _chain, out var changes).IsValid);
        Assert.True(state.TryConnect(TestBlocks.Next(_chain, funded, extraNonce: 9), 2, _chain, out _).IsValid);
        var before = state.ToImmutable();
        Assert.Throws<InvalidOperationException>(() => state.Apply(changes!, first.Hash));
        Assert.Equal(before, state.ToImmutable());
    }
}
