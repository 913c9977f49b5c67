using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Chain;

/// <summary>
/// Full validation of a 1,000-transfer block arriving as bytes (decode, context-free with signatures, contextual,
/// state against the parent's accounts). Target: at most 40 ms. Cold = signatures not verified before (signature
/// cache off, sender keys already imported, as in a running node; or a brand-new verifier importing every key);
/// warm = every signature already in the verifier's cache (the block's transfers came through the mempool).
/// </summary>
[MemoryDiagnoser]
public class BlockValidationBenchmarks
{
    private const int Senders = 100;
    private const int TransfersPerSender = 10;

    private readonly ChainParams _chain = ChainParams.Test;
    private KeyPair[] _keys = [];
    private ChainState _state = null!;
    private byte[] _block = [];
    private BlockHeader _parent;
    private long _parentHeight;
    private SignatureVerifier _coldSignatures = null!;
    private SignatureVerifier _warmSignatures = null!;
    private TimeProvider _clock = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = new BenchChainBuilder(_chain);
        _clock = BenchChainBuilder.ClockFor(_chain);
        _keys = Enumerable.Range(0, Senders).Select(_ => KeyPair.Generate()).ToArray();
        using var setupVerifier = new SignatureVerifier();
        _state = new ChainState(_chain, new InMemoryBlockStore(_chain), setupVerifier, _clock);

        // One block per sender pays it a coinbase; then one block spends from all of them.
        var tip = _state.GetBlockAtHeight(0)!;
        foreach (var key in _keys)
        {
            tip = builder.Next(tip, [], key.Address);
            Expect(_state.Accept(tip).Kind == BlockAcceptanceKind.ExtendedTip, "funding block not accepted");
        }
        var transfers = new List<Transaction>(Senders * TransfersPerSender);
        for (var nonce = 0; nonce < TransfersPerSender; nonce++)
            for (var k = 0; k < Senders; k++)
                transfers.Add(BenchChainBuilder.Transfer(_chain, _keys[k], _keys[(k + 1) % Senders].Address, 1_000 + nonce, (ulong)nonce));
        var block = builder.Next(tip, transfers, _keys[0].Address);
        _block = block.ToArray();
        _parent = tip.Header;
        _parentHeight = _state.Height;

        _coldSignatures = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0 });
        _warmSignatures = new SignatureVerifier();
        Expect(_coldSignatures.VerifyAll(block.Transactions) && _warmSignatures.VerifyAll(block.Transactions), "transfers do not verify");
        Expect(Validate(_coldSignatures).IsValid, "the benchmark block is invalid");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _coldSignatures.Dispose();
        _warmSignatures.Dispose();
        foreach (var key in _keys) key.Dispose();
    }

    [Benchmark(Description = "1,000 transfers, cold signatures (keys imported)")]
    public BlockValidationResult ColdSignatures() => Validate(_coldSignatures);

    [Benchmark(Description = "1,000 transfers, cold verifier (keys not imported)")]
    public BlockValidationResult ColdVerifier()
    {
        using var verifier = new SignatureVerifier();
        return Validate(verifier);
    }

    [Benchmark(Description = "1,000 transfers, warm signatures (cached)")]
    public BlockValidationResult WarmSignatures() => Validate(_warmSignatures);

    private BlockValidationResult Validate(SignatureVerifier verifier)
    {
        var validator = new BlockValidator(_chain, verifier, _clock);
        var result = validator.Validate(_block, _parent, _parentHeight, h => _state.GetHeaderAtHeight(h)!.Value,
            _state.Accounts, out _, out _);
        return result;
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
