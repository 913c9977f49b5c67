using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Chain;

public sealed class ChainStateTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();

    public void Dispose()
    {
        _node.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private ChainParams Chain => _node.Chain;

    private Transaction Pay(long units, ulong nonce) => TestBlocks.Transfer(Chain, _alice, _bob.Address, units, 10, nonce);

    [Fact]
    public void A_child_of_the_tip_extends_it()
    {
        var block = TestBlocks.Next(Chain, _node.Genesis, miner: _alice.Address);

        var outcome = _node.Accept(block);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, outcome.Kind);
        Assert.True(outcome.TipChanged);
        Assert.Equal(block.Hash, outcome.TipHash);
        Assert.Equal(1, outcome.TipHeight);
        Assert.Equal([block.Hash], outcome.Connected.Select(b => b.Hash));
        Assert.Empty(outcome.Disconnected);
        Assert.Empty(outcome.ReturnedTransactions);
        Assert.Equal(Chain.RewardAt(1), _node.State.Accounts.BalanceOf(_alice.Address));
        Assert.Equal(BlockStatus.StateValid, _node.State.Tip.Status);
        Assert.Equal(ProofOfWork.WorkFor(Chain.PowLimitBits) * 2, _node.State.Tip.CumulativeWork);
    }

    [Fact]
    public void Submitting_a_block_again_is_idempotent()
    {
        var block = TestBlocks.Next(Chain, _node.Genesis);
        _node.Accept(block);
        var count = _node.State.BlockCount;
        var accounts = _node.State.SnapshotAccounts();

        var again = _node.Accept(block);
        var copy = _node.State.Accept(block.ToArray());

        Assert.Equal(BlockAcceptanceKind.Duplicate, again.Kind);
        Assert.Equal(BlockAcceptanceKind.Duplicate, copy.Kind);
        Assert.Equal(count, _node.State.BlockCount);
        Assert.Equal(accounts, _node.State.SnapshotAccounts());
    }

    [Fact]
    public void Equal_work_keeps_the_first_seen_tip_and_more_work_reorganises()
    {
        var funding = TestBlocks.Next(Chain, _node.Genesis, miner: _alice.Address);
        _node.AcceptAll([funding]);
        var a2 = TestBlocks.Next(Chain, funding, [Pay(1_000, 0), Pay(2_000, 1)]);
        var a3 = TestBlocks.Next(Chain, a2, [Pay(3_000, 2)]);
        _node.AcceptAll([a2, a3]);

        var b2 = TestBlocks.Next(Chain, funding, [a2.Transactions[1]], extraNonce: 1);
        Assert.Equal(BlockAcceptanceKind.SideBranch, _node.Accept(b2).Kind);
        var b3 = TestBlocks.Next(Chain, b2, extraNonce: 1);
        var tie = _node.Accept(b3);
        Assert.Equal(BlockAcceptanceKind.SideBranch, tie.Kind);
        Assert.Equal(a3.Hash, _node.State.Tip.Hash);

        var b4 = TestBlocks.Next(Chain, b3, extraNonce: 1);
        var outcome = _node.Accept(b4);

        Assert.Equal(BlockAcceptanceKind.Reorganized, outcome.Kind);
        Assert.Equal([a3.Hash, a2.Hash], outcome.Disconnected.Select(b => b.Hash));
        Assert.Equal([b2.Hash, b3.Hash, b4.Hash], outcome.Connected.Select(b => b.Hash));
        // The first transfer is in both branches; the other two come back, in their old order.
        Assert.Equal([a2.Transactions[2].Id, a3.Transactions[1].Id], outcome.ReturnedTransactions.Select(t => t.Id));
        Assert.Equal(b4.Hash, _node.State.Tip.Hash);
        Assert.Equal(1_000, _node.State.Accounts.BalanceOf(_bob.Address).Units);
        Assert.Equal(1ul, _node.State.Accounts.NextNonceOf(_alice.Address));
        Assert.False(_node.State.IsOnBestChain(a2.Hash));
        Assert.True(_node.State.TryGetBlock(a2.Hash, out _));
    }

    [Fact]
    public void A_branch_that_fails_state_validation_is_marked_invalid_and_the_old_chain_restored()
    {
        var funding = TestBlocks.Next(Chain, _node.Genesis, miner: _alice.Address);
        var a2 = TestBlocks.Next(Chain, funding, [Pay(1_000, 0)]);
        var a3 = TestBlocks.Next(Chain, a2, [Pay(1_000, 1)]);
        _node.AcceptAll([funding, a2, a3]);
        var accounts = _node.State.SnapshotAccounts();

        var b2 = TestBlocks.Next(Chain, funding, [Pay(5_000, 0)], extraNonce: 1);
        var b3 = TestBlocks.Next(Chain, b2, [Pay(Chain.RewardAt(1).Units, 1)], extraNonce: 1); // overspends
        var b4 = TestBlocks.Next(Chain, b3, extraNonce: 1);
        Assert.Equal(BlockAcceptanceKind.SideBranch, _node.Accept(b2).Kind);
        Assert.Equal(BlockAcceptanceKind.Orphan, _node.Accept(b4).Kind);

        // b3 brings b4 along: the branch has more work, is tried, and fails at b3.
        var outcome = _node.Accept(b3);

        Assert.Equal(BlockAcceptanceKind.Invalid, outcome.Kind);
        Assert.Equal(BlockRejectReason.InsufficientBalance, outcome.Verdict.Reason);
        Assert.Equal([b4.Hash], outcome.AdoptedOrphans.ToArray());
        Assert.False(outcome.TipChanged);
        Assert.Empty(outcome.Connected);
        Assert.Equal(a3.Hash, _node.State.Tip.Hash);
        Assert.Equal(accounts, _node.State.SnapshotAccounts());
        Assert.True(_node.State.TryGetEntry(b3.Hash, out var b3Entry));
        Assert.Equal(BlockStatus.Invalid, b3Entry.Status);
        Assert.True(_node.State.TryGetEntry(b4.Hash, out var b4Entry));
        Assert.Equal(BlockStatus.Invalid, b4Entry.Status);
        Assert.Equal(BlockRejectReason.InvalidAncestor, b4Entry.Rejection.Reason);
        Assert.True(_node.State.TryGetEntry(b2.Hash, out var b2Entry));
        Assert.NotEqual(BlockStatus.Invalid, b2Entry.Status);

        // Building on the invalid branch is refused at once; a valid sibling of b3 can still win.
        Assert.Equal(BlockRejectReason.InvalidAncestor, _node.Accept(TestBlocks.Next(Chain, b4, extraNonce: 1)).Verdict.Reason);
        var b3Valid = TestBlocks.Next(Chain, b2, extraNonce: 2);
        Assert.Equal(BlockAcceptanceKind.SideBranch, _node.Accept(b3Valid).Kind);
        var reorg = _node.Accept(TestBlocks.Next(Chain, b3Valid, extraNonce: 2));
        Assert.Equal(BlockAcceptanceKind.Reorganized, reorg.Kind);
        Assert.Equal(5_000, _node.State.Accounts.BalanceOf(_bob.Address).Units);
    }

    [Fact]
    public void Blocks_are_found_by_hash_and_by_height_on_the_best_chain()
    {
        var main = TestBlocks.Branch(Chain, _node.Genesis, 5);
        var side = TestBlocks.Branch(Chain, main[1], 2, extraNonce: 7);
        _node.AcceptAll([.. main, .. side]);

        for (var height = 1; height <= 5; height++)
        {
            Assert.Same(main[height - 1], _node.State.GetBlockAtHeight(height));
            Assert.Equal(main[height - 1].Header, _node.State.GetHeaderAtHeight(height));
        }
        Assert.Null(_node.State.GetBlockAtHeight(6));
        Assert.Null(_node.State.GetHeaderAtHeight(-1));
        Assert.True(_node.State.TryGetBlock(side[1].Hash, out var sideBlock));
        Assert.Same(side[1], sideBlock);
        Assert.False(_node.State.IsOnBestChain(side[1].Hash));
        Assert.True(_node.State.TryGetEntry(side[1].Hash, out var entry));
        Assert.Equal(4, entry.Height);
        Assert.False(_node.State.TryGetBlock(TestBlocks.Next(Chain, main[4]).Hash, out _));
    }

    [Fact]
    public void Nodes_sharing_a_store_share_one_copy_of_each_block()
    {
        using var other = new TestNode(store: _node.Store);
        var block = TestBlocks.Next(Chain, _node.Genesis);
        _node.AcceptAll([block]);

        var copy = Block.Decode(block.ToArray(), Chain.MaxBlockBytes, Chain.MaxBlockTransactions);
        Assert.NotSame(block, copy);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, other.Accept(copy).Kind);

        Assert.Same(_node.State.GetBlockAtHeight(1), other.State.GetBlockAtHeight(1));
        Assert.Same(_node.Genesis, other.Genesis);
        Assert.Equal(2, _node.Store.Count);
    }

    [Fact]
    public void A_store_of_another_chain_is_refused()
    {
        using var verifier = new SignatureVerifier();
        Assert.Throws<ArgumentException>(() =>
            new ChainState(Chain, new InMemoryBlockStore(ChainParams.Main), verifier, TimeProvider.System));
    }
}
