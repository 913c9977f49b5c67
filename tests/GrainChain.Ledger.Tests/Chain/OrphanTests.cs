using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Tests.Chain;

public class OrphanTests
{
    private static readonly ChainParams Chain = ChainParams.Test;

    [Fact]
    public void Orphans_connect_recursively_when_their_parent_arrives()
    {
        using var node = new TestNode();
        var blocks = TestBlocks.Branch(Chain, node.Genesis, 5);

        for (var i = 4; i >= 1; i--)
        {
            var outcome = node.Accept(blocks[i]);
            Assert.Equal(BlockAcceptanceKind.Orphan, outcome.Kind);
            Assert.Equal(blocks[i - 1].Hash, outcome.MissingAncestor);
        }
        Assert.Equal(4, node.State.OrphanCount);
        Assert.Equal(blocks[0].Hash, node.State.MissingAncestorOf(blocks[4].Hash));
        Assert.Equal(BlockAcceptanceKind.Duplicate, node.Accept(blocks[3]).Kind);
        Assert.Equal(0, node.State.Height);

        var connected = node.Accept(blocks[0]);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, connected.Kind);
        Assert.Equal(blocks.Skip(1).Select(b => b.Hash), connected.AdoptedOrphans);
        Assert.Equal(blocks.Select(b => b.Hash), connected.Connected.Select(b => b.Hash));
        Assert.Equal(5, node.State.Height);
        Assert.Equal(0, node.State.OrphanCount);
        Assert.Equal(0, node.State.OrphanBytes);
    }

    [Fact]
    public void Orphans_of_several_branches_all_join_the_tree()
    {
        using var node = new TestNode();
        var root = TestBlocks.Next(Chain, node.Genesis);
        var left = TestBlocks.Branch(Chain, root, 2, extraNonce: 1);
        var right = TestBlocks.Branch(Chain, root, 3, extraNonce: 2);
        foreach (var block in left.Concat(right)) Assert.Equal(BlockAcceptanceKind.Orphan, node.Accept(block).Kind);

        var outcome = node.Accept(root);

        Assert.Equal(5, outcome.AdoptedOrphans.Length);
        Assert.Equal(right[^1].Hash, node.State.Tip.Hash);
        Assert.True(node.State.TryGetBlock(left[^1].Hash, out _));
    }

    [Fact]
    public void The_pool_keeps_at_most_its_count_evicting_the_oldest()
    {
        using var node = new TestNode(options: new ChainStateOptions { MaxOrphanBlocks = 3 });
        var blocks = TestBlocks.Branch(Chain, node.Genesis, 6);

        foreach (var block in blocks.Skip(1)) node.Accept(block);

        Assert.Equal(3, node.State.OrphanCount);
        Assert.False(node.State.IsOrphan(blocks[1].Hash));
        Assert.False(node.State.IsOrphan(blocks[2].Hash));
        Assert.True(node.State.IsOrphan(blocks[3].Hash));
        Assert.True(node.State.IsOrphan(blocks[5].Hash));
        Assert.Equal(blocks[2].Hash, node.State.MissingAncestorOf(blocks[5].Hash));

        // The evicted blocks can be sent again; then everything connects.
        node.Accept(blocks[0]);
        Assert.Equal(1, node.State.Height);
        node.Accept(blocks[1]);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, node.Accept(blocks[2]).Kind);
        Assert.Equal(6, node.State.Height);
        Assert.Equal(0, node.State.OrphanCount);
    }

    [Fact]
    public void The_pool_keeps_at_most_its_bytes()
    {
        using var probe = new TestNode();
        var size = TestBlocks.Next(Chain, probe.Genesis).EncodedSize;
        using var node = new TestNode(options: new ChainStateOptions { MaxOrphanBytes = size * 5 / 2 });
        var blocks = TestBlocks.Branch(Chain, node.Genesis, 6);

        foreach (var block in blocks.Skip(1))
        {
            node.Accept(block);
            Assert.True(node.State.OrphanBytes <= size * 5 / 2);
        }

        Assert.Equal(2, node.State.OrphanCount);
        Assert.True(node.State.IsOrphan(blocks[4].Hash));
        Assert.True(node.State.IsOrphan(blocks[5].Hash));
    }

    [Fact]
    public void Eviction_depends_only_on_arrival_order()
    {
        var options = new ChainStateOptions { MaxOrphanBlocks = 4 };
        using var first = new TestNode(options: options);
        using var second = new TestNode(options: options);
        var root = TestBlocks.Next(Chain, first.Genesis);
        var arrivals = TestBlocks.Branch(Chain, root, 4, extraNonce: 1)
            .Concat(TestBlocks.Branch(Chain, root, 3, extraNonce: 2))
            .ToList();

        foreach (var block in arrivals)
        {
            first.Accept(block);
            second.Accept(block);
        }

        Assert.Equal(arrivals.Select(b => first.State.IsOrphan(b.Hash)), arrivals.Select(b => second.State.IsOrphan(b.Hash)));
        Assert.Equal(arrivals.Skip(3).Select(_ => true), arrivals.Skip(3).Select(b => first.State.IsOrphan(b.Hash)));
    }

    [Fact]
    public void Orphans_of_a_block_rejected_for_good_are_dropped_and_remembered()
    {
        using var node = new TestNode();
        var bad = TestBlocks.Next(Chain, node.Genesis, coinbaseHeight: 9);
        var child = TestBlocks.Next(Chain, bad);
        Assert.Equal(BlockAcceptanceKind.Orphan, node.Accept(child).Kind);

        Assert.Equal(BlockRejectReason.WrongCoinbaseHeight, node.Accept(bad).Verdict.Reason);

        Assert.Equal(0, node.State.OrphanCount);
        var again = node.Accept(child);
        Assert.Equal(BlockAcceptanceKind.Invalid, again.Kind);
        Assert.Equal(BlockRejectReason.InvalidAncestor, again.Verdict.Reason);
    }

    [Fact]
    public void Orphans_wait_when_their_parent_is_only_early()
    {
        using var node = new TestNode();
        var latest = (uint)(node.Clock.Now.ToUnixTimeSeconds() + Chain.MaxFutureDriftSeconds);
        var early = TestBlocks.Next(Chain, node.Genesis, time: latest + 10);
        var child = TestBlocks.Next(Chain, early);
        node.Accept(child);

        Assert.Equal(BlockRejectReason.TimeTooFarInFuture, node.Accept(early).Verdict.Reason);
        Assert.True(node.State.IsOrphan(child.Hash));

        node.Clock.Now = node.Clock.Now.AddSeconds(11);
        var outcome = node.Accept(early);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, outcome.Kind);
        Assert.Equal([child.Hash], outcome.AdoptedOrphans.ToArray());
        Assert.Equal(2, node.State.Height);
    }

    [Fact]
    public void A_block_larger_than_the_whole_pool_is_not_held()
    {
        var pool = new OrphanPool(maxCount: 10, maxBytes: 100);
        using var node = new TestNode();
        var block = TestBlocks.Next(Chain, TestBlocks.Next(Chain, node.Genesis));
        Assert.True(block.EncodedSize > 100);
        Assert.False(pool.TryAdd(block, out var evicted));
        Assert.Empty(evicted);
        Assert.Equal(0, pool.Count);
    }
}
