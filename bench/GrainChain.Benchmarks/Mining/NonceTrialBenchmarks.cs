using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining.Sha256;

namespace GrainChain.Benchmarks.Mining;

/// <summary>
/// Nonce trials per second on one core: the vector paths, the scalar path and the baseline of hashing the whole
/// header twice with <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>, in one suite so the ratios
/// come from one run. Each operation is one trial; the search bound is unreachable in practice, so every trial runs.
/// </summary>
[MemoryDiagnoser]
public class NonceTrialBenchmarks
{
    private const int Trials = 1 << 16;
    private HeaderMidstate _midstate = null!;
    private byte[] _header = null!;

    [GlobalSetup]
    public void Setup()
    {
        var header = ChainParams.BitcoinMain.GenesisHeader;
        _midstate = new HeaderMidstate(header);
        _header = header.ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Trials)]
    public int HashDataTwice()
    {
        Span<byte> digest = stackalloc byte[32];
        var hits = 0;
        for (uint nonce = 0; nonce < Trials; nonce++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(76), nonce);
            SHA256.HashData(_header, digest);
            SHA256.HashData(digest, digest);
            if (digest[31] == 0 && digest[30] == 0 && digest[29] == 0 && digest[28] == 0) hits++;
        }
        return hits;
    }

    [Benchmark(OperationsPerInvoke = Trials)]
    public int Scalar() => Search<uint, ScalarLanes>();

    [Benchmark(OperationsPerInvoke = Trials)]
    public int Avx2x8() => Search<Vector256<uint>, Avx2Lanes>();

    [Benchmark(OperationsPerInvoke = Trials)]
    public int Avx512VLx8() => Search<Vector256<uint>, Avx512VLLanes>();

    [Benchmark(OperationsPerInvoke = Trials)]
    public int Avx512x16() => Search<Vector512<uint>, Avx512Lanes>();

    private int Search<TVec, TLanes>()
        where TVec : unmanaged
        where TLanes : struct, ISha256Lanes<TVec>
    {
        if (!TLanes.IsSupported) throw new NotSupportedException($"{typeof(TLanes).Name} is not supported here");
        var batches = Trials / TLanes.Count;
        var hits = 0;
        var done = 0;
        while (done < batches)
        {
            var batch = Sha256Kernel<TVec, TLanes>.FindCandidates(_midstate, (uint)(done * TLanes.Count), batches - done, 0, out _);
            if (batch < 0) break;
            hits++;
            done += batch + 1;
        }
        return hits;
    }
}
