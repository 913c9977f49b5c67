using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining.Sha256;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Mining;

public class Sha256KernelTests
{
    [Fact]
    public void Scalar_path_equals_double_sha256() => AssertHashesMatch<uint, ScalarLanes>();

    [Fact]
    public void Avx2_path_equals_double_sha256_in_every_lane() => AssertHashesMatch<Vector256<uint>, Avx2Lanes>();

    [Fact]
    public void Avx512VL_path_equals_double_sha256_in_every_lane() => AssertHashesMatch<Vector256<uint>, Avx512VLLanes>();

    [Fact]
    public void Avx512_path_equals_double_sha256_in_every_lane() => AssertHashesMatch<Vector512<uint>, Avx512Lanes>();

    [Fact]
    public void Scalar_search_flags_exactly_the_hashes_under_the_top_word() => AssertSearchMatches<uint, ScalarLanes>();

    [Fact]
    public void Avx2_search_flags_exactly_the_lanes_under_the_top_word() => AssertSearchMatches<Vector256<uint>, Avx2Lanes>();

    [Fact]
    public void Avx512VL_search_flags_exactly_the_lanes_under_the_top_word() => AssertSearchMatches<Vector256<uint>, Avx512VLLanes>();

    [Fact]
    public void Avx512_search_flags_exactly_the_lanes_under_the_top_word() => AssertSearchMatches<Vector512<uint>, Avx512Lanes>();

    [Fact]
    public void The_midstate_of_the_bitcoin_genesis_header_reproduces_its_hash()
    {
        var genesis = GrainChain.Ledger.Consensus.ChainParams.BitcoinMain.GenesisHeader;
        Span<Hash256> hash = stackalloc Hash256[1];
        Sha256Kernel<uint, ScalarLanes>.HashNonces(new HeaderMidstate(genesis), genesis.Nonce, hash);
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", hash[0].ToString());
    }

    private static void AssertHashesMatch<TVec, TLanes>()
        where TVec : unmanaged
        where TLanes : struct, ISha256Lanes<TVec>
    {
        if (!TLanes.IsSupported) return; // this hardware lacks the instructions; the scalar test still runs
        var random = new Random(20240611 + TLanes.Count);
        var hashes = new Hash256[TLanes.Count];
        for (var trial = 0; trial < 300; trial++)
        {
            var header = RandomHeader(random);
            var first = FirstNonce(random, trial, TLanes.Count);
            Sha256Kernel<TVec, TLanes>.HashNonces(new HeaderMidstate(header), first, hashes);
            for (var lane = 0; lane < TLanes.Count; lane++)
                Assert.Equal(Reference(header with { Nonce = first + (uint)lane }), hashes[lane]);
        }
    }

    private static void AssertSearchMatches<TVec, TLanes>()
        where TVec : unmanaged
        where TLanes : struct, ISha256Lanes<TVec>
    {
        if (!TLanes.IsSupported) return;
        var random = new Random(777 + TLanes.Count);
        var lanesSeen = 0u;
        for (var trial = 0; trial < 300; trial++)
        {
            var header = RandomHeader(random);
            var first = FirstNonce(random, trial, TLanes.Count);
            var tops = new uint[TLanes.Count];
            for (var lane = 0; lane < tops.Length; lane++)
                tops[lane] = (uint)(Reference(header with { Nonce = first + (uint)lane }).Words.W3 >> 32);

            // A bound equal to one lane's top word: that lane and every lower one must be flagged, no other.
            var bound = tops[random.Next(tops.Length)];
            var expected = 0u;
            for (var lane = 0; lane < tops.Length; lane++)
                if (tops[lane] <= bound) expected |= 1u << lane;

            var batch = Sha256Kernel<TVec, TLanes>.FindCandidates(new HeaderMidstate(header), first, 1, bound, out var lanes);
            Assert.Equal(0, batch);
            Assert.Equal(expected, lanes);
            lanesSeen |= lanes;

            if (tops.Min() > 0)
            {
                Assert.Equal(-1, Sha256Kernel<TVec, TLanes>.FindCandidates(new HeaderMidstate(header), first, 1, tops.Min() - 1, out lanes));
                Assert.Equal(0u, lanes);
            }
        }
        Assert.Equal(TLanes.Count == 32 ? uint.MaxValue : (1u << TLanes.Count) - 1, lanesSeen);
    }

    [Fact]
    public void A_search_over_several_batches_reports_the_first_batch_with_a_candidate()
    {
        if (!Avx2Lanes.IsSupported) return;
        var header = RandomHeader(new Random(5));
        var midstate = new HeaderMidstate(header);
        // The lowest top word among 64 nonces lies in some batch; searching for exactly it must land there.
        var tops = Enumerable.Range(0, 64).Select(i => (uint)(Reference(header with { Nonce = 1000 + (uint)i }).Words.W3 >> 32)).ToArray();
        var lowest = Array.IndexOf(tops, tops.Min());
        var batch = Sha256Kernel<Vector256<uint>, Avx2Lanes>.FindCandidates(midstate, 1000, 8, tops.Min(), out var lanes);
        Assert.Equal(lowest / 8, batch);
        Assert.Equal(1u << (lowest % 8), lanes);
    }

    private static uint FirstNonce(Random random, int trial, int lanes) => trial switch
    {
        0 => 0,
        1 => uint.MaxValue - (uint)lanes + 1, // the very last batch of the nonce space
        _ => (uint)random.NextInt64(0, (long)uint.MaxValue - lanes + 2),
    };

    private static BlockHeader RandomHeader(Random random)
    {
        Span<byte> bytes = stackalloc byte[BlockHeader.Size];
        random.NextBytes(bytes);
        return BlockHeader.Decode(bytes);
    }

    private static Hash256 Reference(BlockHeader header)
    {
        var once = SHA256.HashData(header.ToArray());
        return new Hash256(SHA256.HashData(once));
    }
}
