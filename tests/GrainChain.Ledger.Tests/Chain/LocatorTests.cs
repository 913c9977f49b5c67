using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Chain;

public class LocatorTests
{
    private static readonly ChainParams Chain = ChainParams.Test;

    [Fact]
    public void Locator_heights_are_dense_then_exponential_ending_at_genesis()
    {
        Assert.Equal([0L], BlockLocator.Heights(0));
        Assert.Equal([3L, 2, 1, 0], BlockLocator.Heights(3));
        Assert.Equal([30L, 29, 28, 27, 26, 25, 24, 23, 22, 21, 19, 15, 7, 0], BlockLocator.Heights(30));
        var long_ = BlockLocator.Heights(1_000_000);
        Assert.True(long_.Count < 40);
        Assert.Equal(0, long_[^1]);
    }

    [Fact]
    public void Locator_names_the_best_chain_blocks_at_those_heights()
    {
        using var node = new TestNode();
        node.AcceptAll(TestBlocks.Branch(Chain, node.Genesis, 30));

        var locator = node.State.GetLocator();

        Assert.Equal(BlockLocator.Heights(30).Select(h => node.State.GetBlockAtHeight(h)!.Hash), locator);
    }

    [Fact]
    public void Headers_after_the_newest_known_locator_entry()
    {
        using var node = new TestNode();
        var blocks = TestBlocks.Branch(Chain, node.Genesis, 30);
        node.AcceptAll(blocks);
        var side = TestBlocks.Branch(Chain, blocks[4], 2, extraNonce: 3);
        node.AcceptAll(side);

        // A peer at height 10 on our chain.
        var peer = new[] { Hash256.Parse(new string('1', 64)), blocks[9].Hash, node.Genesis.Hash };
        Assert.Equal(blocks.Skip(10).Take(5).Select(b => b.Header), node.State.GetHeadersAfter(peer, 5));
        Assert.Equal(blocks.Skip(10).Take(2).Select(b => b.Header), node.State.GetHeadersAfter(peer, 5, blocks[11].Hash));

        // A side-branch entry is skipped in favour of the next one on the best chain.
        var sidePeer = new[] { side[1].Hash, blocks[2].Hash };
        Assert.Equal(blocks[3].Header, node.State.GetHeadersAfter(sidePeer, 1)[0]);

        // Nothing known: start after genesis. Already at the tip: nothing to send.
        Assert.Equal(blocks[0].Header, node.State.GetHeadersAfter([], 3)[0]);
        Assert.Empty(node.State.GetHeadersAfter([blocks[^1].Hash], 10));
        Assert.Equal(20, node.State.GetHeadersAfter([blocks[9].Hash], 2_000).Length);
        Assert.Empty(node.State.GetHeadersAfter([blocks[9].Hash], 0));
    }
}
