using GrainChain.Hosting.Blocks;

namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>
/// What every block archive must do: store a block once per hash, keep the bytes stored first, and walk a chain
/// from its tip newest first. Run against each archive by a derived class; tests share the class's archive and never
/// a block (each labels its blocks with an id of its own).
/// </summary>
public abstract class BlockArchiveContract(BlockArchiveFixture fixture)
{
    // xUnit makes an instance per test.
    private readonly string _label = Guid.NewGuid().ToString("N");

    private IBlockArchive Archive => fixture.Archive;

    [Fact]
    public async Task A_missing_block_reads_as_null_and_has_no_ancestry()
    {
        var hash = TestBlocks.UnknownHash(_label);

        Assert.Null(await Archive.GetAsync(hash));
        Assert.Empty(await Archive.GetAncestryAsync(hash, 10));
    }

    [Fact]
    public async Task A_stored_block_reads_back()
    {
        var genesis = TestBlocks.Block(TestBlocks.Zero, _label, size: 300);
        var child = TestBlocks.Block(genesis.Hash, $"{_label}/child", size: 1_000);

        await Archive.PutAsync([genesis, child]);

        Assert.Equal(genesis, await Archive.GetAsync(genesis.Hash));
        Assert.Equal(child, await Archive.GetAsync(child.Hash));
        Assert.Equal(1, await fixture.CopiesAsync(genesis.Hash));
    }

    [Fact]
    public async Task Storing_a_block_again_changes_nothing_and_the_first_bytes_stay()
    {
        var block = TestBlocks.Block(TestBlocks.Zero, _label);
        var impostor = new ArchivedBlock(block.Hash, TestBlocks.UnknownHash(_label), [1, 2, 3]);

        await Archive.PutAsync([block]);
        await Archive.PutAsync([block]);
        await Archive.PutAsync([impostor]);

        Assert.Equal(block, await Archive.GetAsync(block.Hash));
        Assert.Equal(1, await fixture.CopiesAsync(block.Hash));
    }

    [Fact]
    public async Task A_batch_with_duplicates_stores_each_block_once_keeping_its_first_occurrence()
    {
        var a = TestBlocks.Block(TestBlocks.Zero, $"{_label}/a");
        var b = TestBlocks.Block(a.Hash, $"{_label}/b");
        var otherA = new ArchivedBlock(a.Hash, a.PreviousHash, [9, 9, 9]);

        await Archive.PutAsync([a, b, otherA, b, a]);

        Assert.Equal(a, await Archive.GetAsync(a.Hash));
        Assert.Equal(b, await Archive.GetAsync(b.Hash));
        Assert.Equal(1, await fixture.CopiesAsync(a.Hash));
        Assert.Equal(1, await fixture.CopiesAsync(b.Hash));
    }

    [Fact]
    public async Task An_empty_put_does_nothing()
    {
        await Archive.PutAsync([]);
    }

    [Fact]
    public async Task The_ancestry_of_a_long_chain_is_newest_first_and_bounded()
    {
        var chain = TestBlocks.Chain(_label, 1_000);
        // Stored out of order, in batches: the walk follows links, not the order of storing.
        foreach (var batch in chain.Chunk(100).Reverse()) await Archive.PutAsync(batch);
        var tip = chain[^1].Hash;

        var all = await Archive.GetAncestryAsync(tip, 5_000);
        var newest = await Archive.GetAncestryAsync(tip, 10);
        var one = await Archive.GetAncestryAsync(chain[500].Hash, 1);
        var exact = await Archive.GetAncestryAsync(tip, 1_000);

        Assert.Equal(Enumerable.Reverse(chain), all);
        Assert.Equal(TestBlocks.Zero, all[^1].PreviousHash);
        Assert.Equal(chain.AsEnumerable().Reverse().Take(10), newest);
        Assert.Equal([chain[500]], one);
        Assert.Equal(1_000, exact.Count);
        Assert.Empty(await Archive.GetAncestryAsync(tip, 0));
    }

    [Fact]
    public async Task The_ancestry_ends_where_a_parent_is_missing()
    {
        var chain = TestBlocks.Chain(_label, 10);
        await Archive.PutAsync(chain.Where((_, i) => i != 4).ToList());

        var ancestry = await Archive.GetAncestryAsync(chain[^1].Hash, 100);

        Assert.Equal(chain.Skip(5).Reverse(), ancestry);
        Assert.Equal(chain[3..4], await Archive.GetAncestryAsync(chain[3].Hash, 1));
        Assert.Equal(4, (await Archive.GetAncestryAsync(chain[3].Hash, 100)).Count);
    }

    [Fact]
    public async Task The_ancestry_of_each_branch_of_a_fork_is_its_own()
    {
        var trunk = TestBlocks.Chain($"{_label}/trunk", 5);
        var left = TestBlocks.Chain($"{_label}/left", 3, trunk[^1].Hash);
        var right = TestBlocks.Chain($"{_label}/right", 2, trunk[^1].Hash);
        await Archive.PutAsync([.. trunk, .. left, .. right]);

        var leftAncestry = await Archive.GetAncestryAsync(left[^1].Hash, 100);
        var rightAncestry = await Archive.GetAncestryAsync(right[^1].Hash, 100);

        Assert.Equal(trunk.Concat(left).Reverse(), leftAncestry);
        Assert.Equal(trunk.Concat(right).Reverse(), rightAncestry);
        Assert.Equal(trunk.AsEnumerable().Reverse(), await Archive.GetAncestryAsync(trunk[^1].Hash, 100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public async Task A_hash_of_the_wrong_length_is_refused(int length)
    {
        var hash = new byte[length];
        var good = TestBlocks.UnknownHash(_label);

        await Assert.ThrowsAsync<ArgumentException>(() => Archive.GetAsync(hash));
        await Assert.ThrowsAsync<ArgumentException>(() => Archive.GetAncestryAsync(hash, 10));
        Assert.Throws<ArgumentException>(() => new ArchivedBlock(hash, good, [1]));
        Assert.Throws<ArgumentException>(() => new ArchivedBlock(good, hash, [1]));
    }

    [Fact]
    public async Task Missing_and_meaningless_arguments_are_refused_and_store_nothing()
    {
        var block = TestBlocks.Block(TestBlocks.Zero, _label);

        await Assert.ThrowsAsync<ArgumentNullException>(() => Archive.GetAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Archive.PutAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Archive.PutAsync([block, null!]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Archive.GetAncestryAsync(block.Hash, -1));
        Assert.Throws<ArgumentNullException>(() => new ArchivedBlock(block.Hash, TestBlocks.Zero, null!));
        Assert.Throws<ArgumentException>(() => new ArchivedBlock(TestBlocks.Zero, TestBlocks.Zero, [1]));
        Assert.Equal(0, await fixture.CopiesAsync(block.Hash));
    }

    [Fact]
    public async Task A_cancelled_call_does_not_run()
    {
        var block = TestBlocks.Block(TestBlocks.Zero, _label);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Archive.PutAsync([block], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Archive.GetAsync(block.Hash, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Archive.GetAncestryAsync(block.Hash, 10, cancelled.Token));
        Assert.Equal(0, await fixture.CopiesAsync(block.Hash));
    }

    [Fact]
    public async Task Concurrent_overlapping_puts_all_succeed_and_store_each_block_once()
    {
        const int Writers = 8;
        var chain = TestBlocks.Chain(_label, 200);

        // Every writer stores every block, in an order and in batches of its own: each block is offered eight times.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var order = chain.ToArray();
            new Random(writer).Shuffle(order);
            foreach (var batch in order.Chunk(10 + 5 * writer)) await Archive.PutAsync(batch);
        })));

        foreach (var block in chain) Assert.Equal(1, await fixture.CopiesAsync(block.Hash));
        Assert.Equal(Enumerable.Reverse(chain), await Archive.GetAncestryAsync(chain[^1].Hash, 1_000));
    }

    [Fact]
    public async Task Blocks_read_back_are_copies_the_caller_cannot_change_in_the_archive()
    {
        var block = TestBlocks.Block(TestBlocks.Zero, _label);
        var expected = new ArchivedBlock(block.Hash.ToArray(), block.PreviousHash.ToArray(), block.Bytes.ToArray());
        await Archive.PutAsync([block]);

        block.Bytes[0] ^= 0xFF;
        (await Archive.GetAsync(expected.Hash))!.Bytes[0] ^= 0xFF;
        (await Archive.GetAncestryAsync(expected.Hash, 1))[0].Bytes[0] ^= 0xFF;

        Assert.Equal(expected, await Archive.GetAsync(expected.Hash));
    }
}
