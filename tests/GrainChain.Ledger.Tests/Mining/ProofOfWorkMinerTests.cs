using System.Collections.Concurrent;
using System.Security.Cryptography;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Mining;

public partial class ProofOfWorkMinerTests
{
    // Generous bound so a broken stop shows up as a failure rather than a hung test run; never a timing assertion.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // About one hash in 2^12 meets it: found in milliseconds, yet rarely within a 64-nonce range.
    private const uint ModerateBits = 0x1f0fffff;

    // About one hash in 2^56: never met during a test.
    private const uint ImpossibleBits = 0x1800ffff;

    public static TheoryData<int, string?> WorkersAndPaths => new()
    {
        { 1, null },
        { 4, null },
        { 2, "Scalar" },
        { 2, "Avx2" },
        { 2, "Avx512VL" },
        { 2, "Avx512" },
    };

    [Theory]
    [MemberData(nameof(WorkersAndPaths))]
    public async Task Finds_a_block_that_meets_trivial_bits_and_commits_to_its_transactions(int workers, string? pathName)
    {
        var path = Path(pathName);
        if (path is { } p && !NonceScanner.IsSupported(p)) return;
        var template = MiningTemplates.Create(0x207fffff);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = workers, SearchPath = path });

        var block = await miner.MineAsync(template, CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
    }

    [Theory]
    [MemberData(nameof(WorkersAndPaths))]
    public async Task Finds_a_block_at_moderate_bits(int workers, string? pathName)
    {
        var path = Path(pathName);
        if (path is { } p && !NonceScanner.IsSupported(p)) return;
        var template = MiningTemplates.Create(ModerateBits, transfers: 5);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = workers, SearchPath = path });

        var block = await miner.MineAsync(template, CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
        Assert.Equal(0UL, block.Transactions[0].ExtraNonce);
    }

    [Fact]
    public async Task Cancellation_stops_every_worker_and_ends_the_task()
    {
        var template = MiningTemplates.Create(ImpossibleBits);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 3 });
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var mining = miner.MineAsync(template, new Observer(_ => started.TrySetResult()), cancellation.Token);
        await started.Task.WaitAsync(Patience);
        Assert.False(mining.IsCompleted);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mining.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_token_ends_at_once()
    {
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => miner.MineAsync(MiningTemplates.Create(ImpossibleBits), new CancellationToken(canceled: true)).WaitAsync(Patience));
    }

    [Theory]
    [InlineData(64u, 16u, null)]
    [InlineData(100u, 30u, null)] // ranges and claims that are not whole vector batches: the scalar tail runs too
    [InlineData(100u, 30u, "Scalar")]
    [InlineData(100u, 37u, "Avx512")]
    [InlineData(100u, 37u, "Avx2")]
    public async Task Rolls_the_extra_nonce_when_the_nonce_range_runs_out(uint range, uint claim, string? pathName)
    {
        var path = Path(pathName);
        if (path is { } p && !NonceScanner.IsSupported(p)) return;
        var template = TemplateWithNoSolutionInTheFirstRange(range);
        var miner = new ProofOfWorkMiner(new MinerOptions
        {
            WorkerCount = 2,
            NoncesPerExtraNonce = range,
            NoncesPerClaim = claim,
            SearchPath = path,
        });
        var reported = new ConcurrentBag<MiningProgress>();

        var block = await miner.MineAsync(template, new Observer(reported.Add), CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
        var extraNonce = block.Transactions[0].ExtraNonce;
        Assert.True(extraNonce > 0, "the first extra-nonce has no solution in range, so the miner must have moved on");
        Assert.True(block.Header.Nonce < range);
        // Every extra-nonce up to the winning one was begun and reported, with the nonces of those before it.
        var begun = reported.ToDictionary(r => r.ExtraNonce, r => r.NoncesTried);
        for (var e = 0UL; e <= extraNonce; e++) Assert.Equal(e * range, begun[e]);
    }

    [Fact]
    public async Task Continues_from_the_templates_own_extra_nonce()
    {
        var template = MiningTemplates.Create(ModerateBits, extraNonce: 1_000);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2, NoncesPerExtraNonce = 256 });
        var block = await miner.MineAsync(template, CancellationToken.None).WaitAsync(Patience);
        AssertIsSolution(template, block);
        Assert.True(block.Transactions[0].ExtraNonce >= 1_000);
    }

    [Fact]
    public async Task Refuses_invalid_templates_and_options()
    {
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
        await Assert.ThrowsAsync<ArgumentException>(() => miner.MineAsync(MiningTemplates.Create(0x04923456), CancellationToken.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProofOfWorkMiner(new MinerOptions { WorkerCount = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProofOfWorkMiner(new MinerOptions { NoncesPerExtraNonce = 0 }));
        Assert.Equal(Environment.ProcessorCount, new MinerOptions().WorkerCount);
    }

    // Theory data names the path, since the enum is internal to the ledger.
    private static NonceSearchPath? Path(string? name) => name is null ? null : Enum.Parse<NonceSearchPath>(name);

    private static void AssertIsSolution(BlockTemplate template, Block block)
    {
        Assert.True(ProofOfWork.MeetsTarget(block.Hash, template.Header.Bits), $"{block.Hash} does not meet 0x{template.Header.Bits:x8}");
        Assert.Equal(block.Hash, Reference(block.Header));
        Assert.Equal(block.ComputeMerkleRoot(), block.Header.MerkleRoot);
        Assert.Equal(template.Header with { MerkleRoot = block.Header.MerkleRoot, Nonce = block.Header.Nonce }, block.Header);
        Assert.Equal(template.Coinbase.WithExtraNonce(block.Transactions[0].ExtraNonce).Id, block.Transactions[0].Id);
        Assert.Equal(template.Transactions.Select(t => t.Id), block.Transactions.Skip(1).Select(t => t.Id));
    }

    private static Hash256 Reference(BlockHeader header) => new(SHA256.HashData(SHA256.HashData(header.ToArray())));

    // Mining from a template whose extra-nonce 0 has a solution within the range would not need a rollover, so the
    // test looks, deterministically, for a coinbase height where it has none.
    private static BlockTemplate TemplateWithNoSolutionInTheFirstRange(uint range)
    {
        for (var height = 1UL; ; height++)
        {
            var template = MiningTemplates.Create(ModerateBits, transfers: 2, height: height);
            var solvable = Enumerable.Range(0, (int)range)
                .Any(n => ProofOfWork.MeetsTarget(Reference(template.Header with { Nonce = (uint)n }), ModerateBits));
            if (!solvable) return template;
        }
    }

    /// <summary>Records progress synchronously on the reporting thread (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class Observer(Action<MiningProgress> onReport) : IProgress<MiningProgress>
    {
        public void Report(MiningProgress value) => onReport(value);
    }
}
