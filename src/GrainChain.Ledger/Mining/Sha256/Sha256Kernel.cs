using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Mining.Sha256;

/// <summary>
/// SHA-256 compression over <typeparamref name="TLanes"/>' lanes, and the header search built on it: per batch of
/// nonces, one compression of the header's second block from the midstate and one of the 32-byte digest.
/// </summary>
[SkipLocalsInit]
internal static class Sha256Kernel<TVec, TLanes>
    where TVec : unmanaged
    where TLanes : struct, ISha256Lanes<TVec>
{
    // Only the top word of the final hash decides a miss; it is the last state word, which the last three rounds
    // merely shift into place, so the search stops after round 60.
    private const int SearchRounds = 61;

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds on <paramref name="state"/> (8 words, no feed-forward) with the message
    /// words in <paramref name="schedule"/>[0..16), expanding the rest of the schedule in place.
    /// </summary>
    public static void Compress(Span<TVec> state, Span<TVec> schedule, int rounds)
    {
        if (state.Length < 8 || schedule.Length < 64 || (uint)rounds > 64) throw new ArgumentException("a compression needs 8 state words and 64 schedule words");
        ref var w = ref MemoryMarshal.GetReference(schedule);
        for (var i = 16; i < rounds; i++)
        {
            Unsafe.Add(ref w, i) = TLanes.Add(
                TLanes.Add(TLanes.SmallSigma1(Unsafe.Add(ref w, i - 2)), Unsafe.Add(ref w, i - 7)),
                TLanes.Add(TLanes.SmallSigma0(Unsafe.Add(ref w, i - 15)), Unsafe.Add(ref w, i - 16)));
        }

        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];
        var r = 0;
        // Eight rounds per pass with the register names rotated instead of the values moved.
        for (; r + 8 <= rounds; r += 8)
        {
            Round(a, b, c, ref d, e, f, g, ref h, Unsafe.Add(ref w, r), r);
            Round(h, a, b, ref c, d, e, f, ref g, Unsafe.Add(ref w, r + 1), r + 1);
            Round(g, h, a, ref b, c, d, e, ref f, Unsafe.Add(ref w, r + 2), r + 2);
            Round(f, g, h, ref a, b, c, d, ref e, Unsafe.Add(ref w, r + 3), r + 3);
            Round(e, f, g, ref h, a, b, c, ref d, Unsafe.Add(ref w, r + 4), r + 4);
            Round(d, e, f, ref g, h, a, b, ref c, Unsafe.Add(ref w, r + 5), r + 5);
            Round(c, d, e, ref f, g, h, a, ref b, Unsafe.Add(ref w, r + 6), r + 6);
            Round(b, c, d, ref e, f, g, h, ref a, Unsafe.Add(ref w, r + 7), r + 7);
        }
        for (; r < rounds; r++)
        {
            Round(a, b, c, ref d, e, f, g, ref h, Unsafe.Add(ref w, r), r);
            (a, b, c, d, e, f, g, h) = (h, a, b, c, d, e, f, g);
        }

        state[0] = a;
        state[1] = b;
        state[2] = c;
        state[3] = d;
        state[4] = e;
        state[5] = f;
        state[6] = g;
        state[7] = h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(TVec a, TVec b, TVec c, ref TVec d, TVec e, TVec f, TVec g, ref TVec h, TVec w, int round)
    {
        var t1 = TLanes.Add(
            TLanes.Add(h, TLanes.BigSigma1(e)),
            TLanes.Add(TLanes.Choose(e, f, g), TLanes.Add(w, TLanes.Broadcast(Sha256Constants.K(round)))));
        var t2 = TLanes.Add(TLanes.BigSigma0(a), TLanes.Majority(a, b, c));
        d = TLanes.Add(d, t1);
        h = TLanes.Add(t1, t2);
    }

    /// <summary>
    /// Searches <paramref name="batches"/> batches of <c>TLanes.Count</c> consecutive nonces from
    /// <paramref name="firstNonce"/> for hashes whose most significant 32-bit word is at most
    /// <paramref name="targetTopWord"/>. Returns the first batch with such lanes (their bits in
    /// <paramref name="lanes"/>), or -1. Candidates still need the full comparison with the target.
    /// </summary>
    public static int FindCandidates(HeaderMidstate midstate, uint firstNonce, int batches, uint targetTopWord, out uint lanes)
    {
        Span<TVec> block = stackalloc TVec[64];
        Span<TVec> digest = stackalloc TVec[64];
        Span<TVec> state = stackalloc TVec[8];
        PrepareSchedules(midstate, block, digest);
        var bound = TLanes.Broadcast(targetTopWord);
        var lastInitial = TLanes.Broadcast(Sha256Constants.InitialState[7]);

        for (var batch = 0; batch < batches; batch++)
        {
            HashBatch(midstate, firstNonce + (uint)(batch * TLanes.Count), block, digest, state, SearchRounds);
            // After 61 rounds the word that ends up last sits in e.
            var top = TLanes.ReverseBytes(TLanes.Add(state[4], lastInitial));
            var found = TLanes.LanesAtMost(top, bound);
            if (found != 0)
            {
                lanes = found;
                return batch;
            }
        }
        lanes = 0;
        return -1;
    }

    /// <summary>The full double SHA-256 of the header for each of <c>TLanes.Count</c> nonces from <paramref name="firstNonce"/>.</summary>
    public static void HashNonces(HeaderMidstate midstate, uint firstNonce, Span<Hash256> hashes)
    {
        if (hashes.Length < TLanes.Count) throw new ArgumentException($"room for {TLanes.Count} hashes is needed", nameof(hashes));
        Span<TVec> block = stackalloc TVec[64];
        Span<TVec> digest = stackalloc TVec[64];
        Span<TVec> state = stackalloc TVec[8];
        PrepareSchedules(midstate, block, digest);
        HashBatch(midstate, firstNonce, block, digest, state, 64);

        Span<byte> bytes = stackalloc byte[Hash256.Size];
        for (var lane = 0; lane < TLanes.Count; lane++)
        {
            for (var word = 0; word < 8; word++)
            {
                var value = TLanes.Lane(state[word], lane) + Sha256Constants.InitialState[word];
                BinaryPrimitives.WriteUInt32BigEndian(bytes[(4 * word)..], value);
            }
            hashes[lane] = new Hash256(bytes);
        }
    }

    // The message words that never change for a header: all but the nonce word of the second block, and the
    // padding half of the digest block.
    private static void PrepareSchedules(HeaderMidstate midstate, Span<TVec> block, Span<TVec> digest)
    {
        var zero = TLanes.Broadcast(0);
        block[0] = TLanes.Broadcast(midstate.MerkleTail);
        block[1] = TLanes.Broadcast(midstate.Time);
        block[2] = TLanes.Broadcast(midstate.Bits);
        block[4] = TLanes.Broadcast(Sha256Constants.PaddingStart);
        for (var i = 5; i < 15; i++) block[i] = zero;
        block[15] = TLanes.Broadcast(Sha256Constants.HeaderBits);

        digest[8] = TLanes.Broadcast(Sha256Constants.PaddingStart);
        for (var i = 9; i < 15; i++) digest[i] = zero;
        digest[15] = TLanes.Broadcast(Sha256Constants.DigestBits);
    }

    // Leaves the second compression's state (before feed-forward) in state.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HashBatch(HeaderMidstate midstate, uint firstNonce, Span<TVec> block, Span<TVec> digest, Span<TVec> state, int secondRounds)
    {
        // The nonce's little-endian bytes are read big-endian by SHA-256.
        block[3] = TLanes.ReverseBytes(TLanes.Sequence(firstNonce));
        var mid = midstate.State;
        for (var i = 0; i < 8; i++) state[i] = TLanes.Broadcast(mid[i]);
        Compress(state, block, 64);
        for (var i = 0; i < 8; i++) digest[i] = TLanes.Add(state[i], TLanes.Broadcast(mid[i]));

        var initial = Sha256Constants.InitialState;
        for (var i = 0; i < 8; i++) state[i] = TLanes.Broadcast(initial[i]);
        Compress(state, digest, secondRounds);
    }
}
