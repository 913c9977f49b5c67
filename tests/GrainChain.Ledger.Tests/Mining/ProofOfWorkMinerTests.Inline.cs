using System.Collections.Concurrent;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Mining.Sha256;

namespace GrainChain.Ledger.Tests.Mining;

// The inline attempt: the first claim is searched on the caller's thread, and worker threads start only if it misses.
// WorkersStarted and the thread a progress report arrives on show which way a search went; nothing here is timed.
public partial class ProofOfWorkMinerTests
{
    [Theory]
    [InlineData(1, null)]
    [InlineData(4, null)]
    [InlineData(1, "Scalar")]
    public async Task Trivial_bits_are_met_on_the_calling_thread_without_starting_a_worker(int workers, string? pathName)
    {
        var template = MiningTemplates.Create(ChainParams.Test.PowLimitBits);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = workers, SearchPath = Path(pathName) });
        var caller = Environment.CurrentManagedThreadId;
        var reports = new List<(MiningProgress Progress, int Thread)>();

        var mining = miner.MineAsync(template, new Observer(p => reports.Add((p, Environment.CurrentManagedThreadId))), CancellationToken.None);

        Assert.True(mining.IsCompletedSuccessfully, "the block should have been found before MineAsync returned");
        Assert.Equal(0, miner.WorkersStarted);
        var block = await mining;
        AssertIsSolution(template, block);
        Assert.Equal(0UL, block.Transactions[0].ExtraNonce);
        Assert.Equal([(new MiningProgress(0, 0), caller)], reports);
    }

    [Fact]
    public async Task Each_search_at_trivial_bits_ends_inline()
    {
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 1 });
        for (var height = 1UL; height <= 20; height++)
        {
            var template = MiningTemplates.Create(ChainParams.Test.PowLimitBits, transfers: 1, height: height);
            AssertIsSolution(template, await miner.MineAsync(template, CancellationToken.None).WaitAsync(Patience));
        }
        Assert.Equal(0, miner.WorkersStarted);
    }

    [Fact]
    public async Task A_target_the_inline_attempt_misses_falls_through_to_the_workers_without_repeating_it()
    {
        // No nonce below 64 meets the bits for extra-nonce 0, so the 64-nonce inline attempt must miss.
        var template = TemplateWithNoSolutionInTheFirstRange(64);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2, InlineNonces = 64 });
        var reported = new ConcurrentQueue<MiningProgress>();

        var block = await miner.MineAsync(template, new Observer(reported.Enqueue), CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
        Assert.Equal(2, miner.WorkersStarted);
        Assert.Equal(0UL, block.Transactions[0].ExtraNonce);
        Assert.True(block.Header.Nonce >= 64);
        // Extra-nonce 0 was begun once, inline: the workers went on from nonce 64 rather than starting it again.
        Assert.Equal([new MiningProgress(0, 0)], reported);
    }

    [Theory]
    [InlineData(100u, 30u, 7u)]
    [InlineData(100u, 30u, 100u)]
    [InlineData(64u, 16u, 1u)]
    public async Task Falls_through_and_rolls_the_extra_nonce_with_an_inline_claim_of_any_size(uint range, uint claim, uint inline)
    {
        var template = TemplateWithNoSolutionInTheFirstRange(range);
        var miner = new ProofOfWorkMiner(new MinerOptions
        {
            WorkerCount = 2,
            NoncesPerExtraNonce = range,
            NoncesPerClaim = claim,
            InlineNonces = inline,
        });
        var reported = new ConcurrentQueue<MiningProgress>();

        var block = await miner.MineAsync(template, new Observer(reported.Enqueue), CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
        Assert.Equal(2, miner.WorkersStarted);
        var extraNonce = block.Transactions[0].ExtraNonce;
        Assert.True(extraNonce > 0);
        // Every extra-nonce up to the winning one was begun exactly once, with the nonces of those before it.
        var begun = reported.ToLookup(r => r.ExtraNonce, r => r.NoncesTried);
        for (var e = 0UL; e <= extraNonce; e++) Assert.Equal([e * range], begun[e]);
    }

    [Fact]
    public async Task With_no_inline_budget_the_workers_start_at_once()
    {
        var template = MiningTemplates.Create(ChainParams.Test.PowLimitBits);
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2, InlineNonces = 0 });

        var block = await miner.MineAsync(template, CancellationToken.None).WaitAsync(Patience);

        AssertIsSolution(template, block);
        Assert.Equal(2, miner.WorkersStarted);
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_starts_no_search()
    {
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2 });
        var reported = 0;

        var mining = miner.MineAsync(MiningTemplates.Create(ChainParams.Test.PowLimitBits), new Observer(_ => reported++), new CancellationToken(canceled: true));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mining.WaitAsync(Patience));
        Assert.Equal(0, reported);
        Assert.Equal(0, miner.WorkersStarted);
    }

    [Fact]
    public async Task Cancelling_during_the_inline_attempt_ends_it_without_starting_workers()
    {
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2 });
        using var cancellation = new CancellationTokenSource();

        // The first report comes from the inline attempt, on this thread, before its first nonce.
        var mining = miner.MineAsync(MiningTemplates.Create(ImpossibleBits), new Observer(_ => cancellation.Cancel()), cancellation.Token);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mining.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal(0, miner.WorkersStarted);
    }

    [Fact]
    public async Task A_long_inline_attempt_stops_when_another_thread_cancels()
    {
        // An inline budget of the whole nonce range keeps the caller's thread searching until the token fires.
        var miner = new ProofOfWorkMiner(new MinerOptions { WorkerCount = 2, InlineNonces = uint.MaxValue });
        using var cancellation = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var mining = Task.Run(() => miner.MineAsync(MiningTemplates.Create(ImpossibleBits), new Observer(_ => started.TrySetResult()), cancellation.Token));
        await started.Task.WaitAsync(Patience);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => mining.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal(0, miner.WorkersStarted);
    }

    [Theory]
    [InlineData(null, 4096u)]
    [InlineData("Scalar", 512u)]
    [InlineData("Avx2", 4096u)]
    public void The_default_inline_budget_is_smaller_on_the_slow_scalar_path(string? pathName, uint expected)
    {
        var path = Path(pathName) ?? NonceSearchPath.Avx512;
        Assert.Equal(expected, new MinerOptions().InlineNoncesFor(path));
        Assert.Equal(9u, new MinerOptions { InlineNonces = 9 }.InlineNoncesFor(path));
    }
}
