using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Chain;

/// <summary>Several nodes' <see cref="ChainState"/>s on one shared <see cref="BlockTree"/>.</summary>
public sealed class BlockTreeTests : IDisposable
{
    private static readonly ChainParams Chain = ChainParams.Test;
    private readonly ManualClock _clock = new(TestBlocks.ClockFor(Chain));
    private readonly SignatureVerifier _verifier = new();
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();
    private readonly BlockTree _tree;

    public BlockTreeTests() => _tree = new BlockTree(Chain, new InMemoryBlockStore(Chain), _verifier, _clock);

    public void Dispose()
    {
        _verifier.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }

    private Block Genesis => _tree.BlockOf(_tree.Genesis);

    private ChainState NewNode() => new(_tree);

    private Transaction Pay(long units, ulong nonce) => TestBlocks.Transfer(Chain, _alice, _bob.Address, units, 10, nonce);

    private static void AcceptAll(ChainState node, IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            var outcome = node.Accept(block);
            // Formatted only on failure: this runs a million times in the long-chain test.
            if (outcome.Kind is BlockAcceptanceKind.Invalid or BlockAcceptanceKind.Orphan) Assert.Fail(outcome.ToString());
        }
    }

    [Fact]
    public void Nodes_on_one_tree_share_the_entries_and_accounts_of_the_common_chain()
    {
        var a = NewNode();
        var b = NewNode();
        var blocks = TestBlocks.Branch(Chain, Genesis, 20, miner: _alice.Address);
        AcceptAll(a, blocks);
        AcceptAll(b, blocks.Select(block => Block.Decode(block.ToArray(), Chain.MaxBlockBytes, Chain.MaxBlockTransactions)));

        Assert.Same(a.Tip, b.Tip);
        for (var height = 0; height <= 20; height++)
        {
            Assert.Same(a.Tip.GetAncestor(height), b.Tip.GetAncestor(height));
            Assert.Same(a.GetBlockAtHeight(height), b.GetBlockAtHeight(height));
        }
        Assert.Same(a.SnapshotAccounts(), b.SnapshotAccounts());
        Assert.Equal(21, _tree.Count);
        Assert.Equal(21, b.BlockCount);
    }

    [Fact]
    public void A_block_placed_through_one_node_is_new_to_another_and_is_not_validated_again()
    {
        var a = NewNode();
        var b = NewNode();
        var funding = TestBlocks.Next(Chain, Genesis, miner: _alice.Address);
        var spend = TestBlocks.Next(Chain, funding, [Pay(1_000, 0)]);
        AcceptAll(a, [funding, spend]);
        var verified = _verifier.CachedSignatureCount;

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, b.Accept(funding).Kind);
        // Same hash, a body that fails every check (its transfer carries another transfer's signature): only a node
        // that validated the block again would notice.
        var forged = TestBlocks.Transfer(Chain, _alice, _bob.Address, 2_000, 10, 0);
        var tampered = new Block(spend.Header, [spend.Transactions[0], spend.Transactions[1].WithSignature(forged.Signature)]);
        Assert.Equal(spend.Hash, tampered.Hash);
        var outcome = b.Accept(tampered);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, outcome.Kind);
        Assert.Same(spend, Assert.Single(outcome.Connected));
        Assert.Same(spend, b.GetBlockAtHeight(2));
        Assert.Equal(verified, _verifier.CachedSignatureCount);
        Assert.Equal(1_000, b.Accounts.BalanceOf(_bob.Address).Units);
        Assert.Same(a.SnapshotAccounts(), b.SnapshotAccounts());
        Assert.Equal(BlockAcceptanceKind.Duplicate, b.Accept(spend).Kind);
        Assert.Equal(3, _tree.Count);
    }

    [Fact]
    public void A_block_another_node_placed_is_an_orphan_until_this_node_has_its_parent()
    {
        var a = NewNode();
        var b = NewNode();
        var blocks = TestBlocks.Branch(Chain, Genesis, 3);
        AcceptAll(a, blocks);

        var orphan = b.Accept(blocks[2]);
        Assert.Equal(BlockAcceptanceKind.Orphan, orphan.Kind);
        Assert.Equal(blocks[1].Hash, orphan.MissingAncestor);
        Assert.False(b.TryGetEntry(blocks[2].Hash, out _));
        Assert.Equal(BlockAcceptanceKind.Orphan, b.Accept(blocks[1]).Kind);

        var outcome = b.Accept(blocks[0]);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, outcome.Kind);
        Assert.Equal([blocks[1].Hash, blocks[2].Hash], outcome.AdoptedOrphans.ToArray());
        Assert.Equal(blocks.Select(block => block.Hash), outcome.Connected.Select(block => block.Hash));
        Assert.Same(a.Tip, b.Tip);
        Assert.Equal(0, b.OrphanCount);
    }

    [Fact]
    public void A_block_found_state_invalid_through_one_node_is_rejected_by_another_for_the_same_reason()
    {
        var a = NewNode();
        var b = NewNode();
        var funding = TestBlocks.Next(Chain, Genesis, miner: _alice.Address);
        var overspend = TestBlocks.Next(Chain, funding, [Pay(Chain.RewardAt(1).Units, 0)]);
        var child = TestBlocks.Next(Chain, overspend);
        AcceptAll(a, [funding]);
        Assert.Equal(BlockAcceptanceKind.Orphan, a.Accept(child).Kind);

        var first = a.Accept(overspend);
        Assert.Equal(BlockAcceptanceKind.Invalid, first.Kind);
        Assert.Equal(BlockRejectReason.InsufficientBalance, first.Verdict.Reason);
        Assert.True(_tree.TryGetEntry(child.Hash, out var childEntry));
        Assert.Equal(BlockRejectReason.InvalidAncestor, childEntry.Rejection.Reason);

        AcceptAll(b, [funding]);
        var second = b.Accept(overspend);
        var descendant = b.Accept(child);

        Assert.Equal(BlockAcceptanceKind.Invalid, second.Kind);
        Assert.Equal(first.Verdict, second.Verdict);
        Assert.Equal(BlockAcceptanceKind.Invalid, descendant.Kind);
        Assert.Equal(childEntry.Rejection, descendant.Verdict);
        Assert.Equal(funding.Hash, b.Tip.Hash);
        Assert.Equal(BlockRejectReason.InvalidAncestor, b.Accept(TestBlocks.Next(Chain, child)).Verdict.Reason);
    }

    [Fact]
    public void Each_node_keeps_the_tip_it_saw_first_among_equal_work()
    {
        var a = NewNode();
        var b = NewNode();
        var x = TestBlocks.Next(Chain, Genesis, extraNonce: 1);
        var y = TestBlocks.Next(Chain, Genesis, extraNonce: 2);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, a.Accept(x).Kind);
        Assert.Equal(BlockAcceptanceKind.SideBranch, a.Accept(y).Kind);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, b.Accept(y).Kind);
        Assert.Equal(BlockAcceptanceKind.SideBranch, b.Accept(x).Kind);
        Assert.Equal(x.Hash, a.Tip.Hash);
        Assert.Equal(y.Hash, b.Tip.Hash);

        var z = TestBlocks.Next(Chain, x);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, a.Accept(z).Kind);
        var reorganised = b.Accept(z);
        Assert.Equal(BlockAcceptanceKind.Reorganized, reorganised.Kind);
        Assert.Equal([y.Hash], reorganised.Disconnected.Select(block => block.Hash));
        Assert.Equal([x.Hash, z.Hash], reorganised.Connected.Select(block => block.Hash));
        Assert.Same(a.Tip, b.Tip);
    }

    [Fact]
    public void A_reorganisation_on_one_node_does_not_move_another()
    {
        var a = NewNode();
        var b = NewNode();
        var funding = TestBlocks.Next(Chain, Genesis, miner: _alice.Address);
        var main = TestBlocks.Next(Chain, funding, [Pay(1_000, 0), Pay(2_000, 1)]);
        var side = TestBlocks.Branch(Chain, funding, 2, extraNonce: 5);
        AcceptAll(a, [funding, main]);
        AcceptAll(b, [funding, main]);
        var accountsBefore = b.SnapshotAccounts();

        Assert.Equal(BlockAcceptanceKind.SideBranch, a.Accept(side[0]).Kind);
        var reorganised = a.Accept(side[1]);
        Assert.Equal(BlockAcceptanceKind.Reorganized, reorganised.Kind);
        Assert.Equal([main.Transactions[1].Id, main.Transactions[2].Id], reorganised.ReturnedTransactions.Select(tx => tx.Id));
        Assert.Equal(0, a.Accounts.BalanceOf(_bob.Address).Units);

        Assert.Equal(main.Hash, b.Tip.Hash);
        Assert.True(b.IsOnBestChain(main.Hash));
        Assert.False(b.IsOnBestChain(side[1].Hash));
        Assert.False(b.TryGetEntry(side[1].Hash, out _));
        Assert.Same(accountsBefore, b.SnapshotAccounts());
        Assert.Equal(3_000, b.Accounts.BalanceOf(_bob.Address).Units);

        Assert.Equal(BlockAcceptanceKind.SideBranch, b.Accept(side[0]).Kind);
        Assert.Equal(BlockAcceptanceKind.Reorganized, b.Accept(side[1]).Kind);
        Assert.Same(a.Tip, b.Tip);
        Assert.Same(a.SnapshotAccounts(), b.SnapshotAccounts());
    }

    [Fact]
    public void Nodes_accepting_the_same_blocks_concurrently_get_one_entry_per_hash_and_the_same_tip()
    {
        var funding = TestBlocks.Next(Chain, Genesis, miner: _alice.Address);
        var main = new List<Block> { funding };
        for (var i = 0; i < 30; i++) main.Add(TestBlocks.Next(Chain, main[^1], i % 3 == 0 ? [Pay(100 + i, (ulong)(i / 3))] : null));
        var side = TestBlocks.Branch(Chain, main[10], 8, extraNonce: 9);
        // A longer branch that fails at its first block: nodes race to place its blocks while another marks them invalid.
        var overspend = TestBlocks.Next(Chain, main[5], [Pay(Chain.RewardAt(1).Units, 2)], extraNonce: 7);
        List<Block> bad = [overspend, .. TestBlocks.Branch(Chain, overspend, 30, extraNonce: 7)];
        List<Block> all = [.. main, .. side, .. bad];
        const int nodeCount = 8;
        var nodes = Enumerable.Range(0, nodeCount).Select(_ => NewNode()).ToArray();

        Parallel.For(0, nodeCount, new ParallelOptions { MaxDegreeOfParallelism = nodeCount }, n =>
        {
            // Every node gets the blocks in its own order, so some arrive as orphans, and threads race to place them.
            var random = new Random(n);
            var order = n % 2 == 0 ? all : [.. all.OrderBy(_ => random.Next())];
            foreach (var block in order) nodes[n].Accept(block);
        });

        Assert.True(_tree.Count <= all.Count + 1);
        foreach (var block in bad)
            Assert.True(!_tree.TryGetEntry(block.Hash, out var entry) || entry.Status == BlockStatus.Invalid);
        foreach (var node in nodes)
        {
            Assert.Equal(main[^1].Hash, node.Tip.Hash);
            Assert.Same(nodes[0].Tip, node.Tip);
            Assert.Same(nodes[0].SnapshotAccounts(), node.SnapshotAccounts());
            Assert.Equal(0, node.OrphanCount);
            foreach (var block in main.Concat(side))
            {
                Assert.True(node.TryGetEntry(block.Hash, out var entry));
                Assert.True(_tree.TryGetEntry(block.Hash, out var shared));
                Assert.Same(shared, entry);
            }
        }
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 == 0).Sum(i => 100L + i), nodes[0].Accounts.BalanceOf(_bob.Address).Units);
    }

    [Fact]
    public void GetAncestor_agrees_with_a_walk_through_parents()
    {
        var node = NewNode();
        var main = TestBlocks.Branch(Chain, Genesis, 3_000);
        var side = TestBlocks.Branch(Chain, main[1_499], 200, extraNonce: 3);
        AcceptAll(node, [.. main, .. side]);
        Assert.True(node.TryGetEntry(side[^1].Hash, out var sideTip));
        var random = new Random(20261206);

        for (var i = 0; i < 3_000; i++)
        {
            var from = random.Next(2) == 0 ? node.Tip : sideTip;
            var height = random.NextInt64(from.Height + 1);
            var expected = from;
            while (expected.Height > height) expected = expected.Parent!;
            Assert.Same(expected, from.GetAncestor(height));
        }
        Assert.Same(node.Genesis, node.Tip.GetAncestor(0));
        Assert.Same(node.Tip, node.Tip.GetAncestor(node.Height));
        Assert.Throws<ArgumentOutOfRangeException>(() => node.Tip.GetAncestor(node.Height + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => node.Tip.GetAncestor(-1));
    }

    [Fact]
    public void A_hundred_nodes_following_a_long_chain_add_no_entries_and_share_every_one()
    {
        const int length = 10_000;
        var leader = NewNode();
        var blocks = TestBlocks.Branch(Chain, Genesis, length);
        AcceptAll(leader, blocks);

        var followers = Enumerable.Range(0, 100).Select(_ => NewNode()).ToArray();
        foreach (var follower in followers) AcceptAll(follower, blocks);

        Assert.Equal(length + 1, _tree.Count);
        var random = new Random(10_000);
        foreach (var follower in followers)
        {
            Assert.Same(leader.Tip, follower.Tip);
            Assert.Same(leader.SnapshotAccounts(), follower.SnapshotAccounts());
            var height = random.NextInt64(length + 1);
            Assert.Same(leader.Tip.GetAncestor(height), follower.Tip.GetAncestor(height));
            Assert.Equal(BlockAcceptanceKind.Duplicate, follower.Accept(blocks[(int)height / 2]).Kind);
        }
    }

    [Fact]
    public void A_node_remembers_a_bounded_number_of_side_branches_and_forgets_the_weakest()
    {
        var node = new ChainState(_tree, new ChainStateOptions { MaxSideBranches = 2 });
        var main = TestBlocks.Branch(Chain, Genesis, 5);
        AcceptAll(node, main);
        var sides = Enumerable.Range(0, 4).Select(k => TestBlocks.Next(Chain, main[k], extraNonce: 10 + (ulong)k)).ToList();

        foreach (var side in sides) Assert.Equal(BlockAcceptanceKind.SideBranch, node.Accept(side).Kind);

        Assert.Equal([false, false, true, true], sides.Select(side => node.TryGetEntry(side.Hash, out _)));
        Assert.True(node.TryGetEntry(main[^1].Hash, out _));
        // Forgotten, so new again (and still not re-validated: the tree has it).
        Assert.Equal(BlockAcceptanceKind.SideBranch, node.Accept(sides[1]).Kind);
        Assert.Equal(BlockAcceptanceKind.Duplicate, node.Accept(sides[3]).Kind);
        Assert.Equal(main[^1].Hash, node.Tip.Hash);
    }

    [Fact]
    public void Ledger_nodes_built_on_one_tree_share_it()
    {
        var first = new LedgerNode(_tree, _verifier, _clock);
        var second = new LedgerNode(_tree, _verifier, _clock);
        var block = TestBlocks.Next(Chain, Genesis, miner: _alice.Address);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, first.SubmitBlock(block).Kind);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, second.SubmitBlock(block).Kind);

        Assert.Same(_tree, second.State.Tree);
        Assert.Same(first.State.Tip, second.State.Tip);
        Assert.Equal(Chain.RewardAt(1), second.State.Accounts.BalanceOf(_alice.Address));
    }

    [Fact]
    public void The_tree_refuses_a_store_of_another_chain()
    {
        Assert.Throws<ArgumentException>(() => new BlockTree(Chain, new InMemoryBlockStore(ChainParams.Main), _verifier, _clock));
    }
}
