using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Chain;

/// <summary>
/// A 100-block reorganisation: branch A (100 blocks of 10 transfers) is the best chain, branch B (also 100) is
/// already accepted as a side branch, and B's 101st block arrives: 100 blocks are disconnected with their undo
/// data and 101 connected with full state validation. Signatures were checked when the blocks were accepted.
/// Target: at most 50 ms.
/// </summary>
[MemoryDiagnoser]
public class ReorganisationBenchmarks
{
    private const int Keys = 20;
    private const int BranchLength = 100;
    private const int TransfersPerBlock = 10;

    private readonly ChainParams _chain = ChainParams.Test;
    private KeyPair[] _keys = [];
    private List<Block> _prefix = [];
    private List<Block> _branchA = [];
    private List<Block> _branchB = [];
    private SignatureVerifier _verifier = null!;
    private TimeProvider _clock = null!;
    private ChainState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new BenchChainBuilder(_chain);
        _clock = BenchChainBuilder.ClockFor(_chain);
        _keys = Enumerable.Range(0, Keys).Select(_ => KeyPair.Generate()).ToArray();
        _verifier = new SignatureVerifier();

        var genesis = GenesisBlock.Create(_chain);
        var tip = genesis;
        foreach (var key in _keys)
        {
            tip = builder.Next(tip, [], key.Address);
            _prefix.Add(tip);
        }
        _branchA = BuildBranch(builder, tip, BranchLength, extraNonce: 1, amountBase: 1_000);
        _branchB = BuildBranch(builder, tip, BranchLength + 1, extraNonce: 2, amountBase: 2_000);

        // Verify every signature once, as acceptance does, so the measured reorganisation finds them cached.
        foreach (var block in _prefix.Concat(_branchA).Concat(_branchB))
            if (!_verifier.VerifyAll(block.Transactions)) throw new InvalidOperationException("a transfer does not verify");
    }

    [IterationSetup]
    public void BuildTree()
    {
        _state = new ChainState(_chain, new InMemoryBlockStore(_chain), _verifier, _clock);
        foreach (var block in _prefix.Concat(_branchA).Concat(_branchB.Take(BranchLength))) _state.Accept(block);
        if (_state.Tip.Hash != _branchA[^1].Hash) throw new InvalidOperationException("branch A is not the best chain");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _verifier.Dispose();
        foreach (var key in _keys) key.Dispose();
    }

    [Benchmark(Description = "reorganise 100 blocks (10 transfers each)")]
    public BlockAcceptance Reorganise()
    {
        var outcome = _state.Accept(_branchB[^1]);
        if (outcome.Kind != BlockAcceptanceKind.Reorganized || outcome.Disconnected.Length != BranchLength)
            throw new InvalidOperationException($"expected a {BranchLength}-block reorganisation, got {outcome}");
        return outcome;
    }

    private List<Block> BuildBranch(BenchChainBuilder builder, Block tip, int length, ulong extraNonce, long amountBase)
    {
        var nonces = new ulong[Keys];
        var blocks = new List<Block>(length);
        for (var height = 0; height < length; height++)
        {
            var transfers = new List<Transaction>(TransfersPerBlock);
            for (var t = 0; t < TransfersPerBlock; t++)
            {
                var k = (height * TransfersPerBlock + t) % Keys;
                var to = _keys[(k + 1) % Keys].Address;
                transfers.Add(BenchChainBuilder.Transfer(_chain, _keys[k], to, amountBase + height, nonces[k]++));
            }
            tip = builder.Next(tip, transfers, Address.Zero, extraNonce);
            blocks.Add(tip);
        }
        return blocks;
    }
}
