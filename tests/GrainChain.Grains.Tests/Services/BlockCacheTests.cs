using GrainChain.Grains.Services;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace GrainChain.Grains.Tests.Services;

/// <summary>The silo's bounded block cache: what it may drop, what it must keep, and reading dropped blocks back.</summary>
public sealed class BlockCacheTests : IDisposable
{
    private static readonly ChainParams Chain = ChainParams.Test;
    private readonly ServiceProvider _services;
    private readonly IBlockArchive _archive;

    public BlockCacheTests()
    {
        _services = new ServiceCollection()
            .Configure<ClusterOptions>(o => o.ServiceId = "cache-" + Guid.NewGuid().ToString("N"))
            .AddGrainChainBlockArchive(GrainChainBackend.Memory)
            .BuildServiceProvider();
        _archive = _services.GetRequiredService<IBlockArchive>();
    }

    public void Dispose() => _services.Dispose();

    private static List<Block> Blocks(int count) => TestBlocks.Branch(Chain, GenesisBlock.Create(Chain), count);

    private Task ArchiveAsync(IEnumerable<Block> blocks) =>
        _archive.PutAsync([.. blocks.Select(b => new ArchivedBlock(b.Hash.ToArray(), b.Header.PreviousHash.ToArray(), b.ToArray()))]);

    [Fact]
    public void A_block_not_yet_archived_is_kept_whatever_the_budget()
    {
        var cache = new BlockCache(Chain, _archive, budgetBytes: 0);
        var blocks = Blocks(5);

        foreach (var block in blocks) Assert.Same(block, cache.GetOrAdd(block));

        Assert.Equal(5, cache.PinnedCount);
        foreach (var block in blocks) Assert.True(cache.TryGet(block.Hash, out var held) && ReferenceEquals(block, held));
    }

    [Fact]
    public async Task Archived_blocks_beyond_the_budget_are_dropped_and_read_back_from_the_archive()
    {
        var blocks = Blocks(20);
        var budget = 3L * blocks[0].EncodedSize;
        var cache = new BlockCache(Chain, _archive, budget);
        foreach (var block in blocks) cache.GetOrAdd(block);
        await ArchiveAsync(blocks);

        cache.MarkArchived(blocks.Select(b => b.Hash));

        Assert.Equal(0, cache.PinnedCount);
        Assert.True(cache.CachedBytes <= budget, $"{cache.CachedBytes} bytes held over a budget of {budget}");
        Assert.True(cache.Count <= 3);
        // Every block is still there to be had, equal to the original, wherever it now comes from.
        foreach (var block in blocks)
        {
            Assert.True(cache.TryGet(block.Hash, out var back));
            Assert.Equal(block.ToArray(), back!.ToArray());
        }

        Assert.True(cache.CachedBytes <= budget);
    }

    [Fact]
    public async Task One_copy_per_hash_and_an_unknown_hash_is_simply_missing()
    {
        var block = Blocks(1)[0];
        var cache = new BlockCache(Chain, _archive, budgetBytes: 1 << 20);
        var first = cache.GetOrAdd(block);
        await ArchiveAsync([block]);
        cache.MarkArchived([block.Hash]);

        Assert.Same(first, cache.GetOrAdd(Ledger.Validation.BlockDecoder.Decode(block.ToArray(), Chain)));
        Assert.False(cache.TryGet(Hash256.Parse(new string('f', 64)), out _));
    }

    [Fact]
    public async Task An_archive_that_answers_with_another_block_is_refused_loudly()
    {
        var blocks = Blocks(2);
        // Stored under the first block's hash, the second block's bytes.
        await _archive.PutAsync([new ArchivedBlock(blocks[0].Hash.ToArray(), blocks[0].Header.PreviousHash.ToArray(), blocks[1].ToArray())]);
        var cache = new BlockCache(Chain, _archive, budgetBytes: 0);

        var error = Assert.Throws<InvalidOperationException>(() => cache.TryGet(blocks[0].Hash, out _));
        Assert.Contains(blocks[0].Hash.ToString(), error.Message, StringComparison.Ordinal);
    }
}
