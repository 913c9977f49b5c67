namespace GrainChain.Ledger.Mining.Sha256;

/// <summary>
/// The 32-bit word operations SHA-256 needs, applied to <see cref="Count"/> independent lanes at once. One
/// compression routine is written against this interface and specialised by the JIT for each lane type, so the
/// scalar, AVX2 and AVX-512 paths share the algorithm and differ only in these primitives.
/// </summary>
internal interface ISha256Lanes<TVec> where TVec : unmanaged
{
    static abstract int Count { get; }
    static abstract bool IsSupported { get; }
    static abstract TVec Broadcast(uint value);
    static abstract TVec Add(TVec x, TVec y);

    /// <summary>first, first + 1, … one per lane (the caller keeps them from wrapping).</summary>
    static abstract TVec Sequence(uint first);

    static abstract TVec ReverseBytes(TVec x);
    static abstract TVec BigSigma0(TVec x);
    static abstract TVec BigSigma1(TVec x);
    static abstract TVec SmallSigma0(TVec x);
    static abstract TVec SmallSigma1(TVec x);

    /// <summary>Per bit: <paramref name="e"/> ? <paramref name="f"/> : <paramref name="g"/>.</summary>
    static abstract TVec Choose(TVec e, TVec f, TVec g);

    /// <summary>Per bit: the value at least two of the three inputs share.</summary>
    static abstract TVec Majority(TVec a, TVec b, TVec c);

    /// <summary>Bit i set when lane i of <paramref name="x"/> is at most <paramref name="bound"/>'s (unsigned).</summary>
    static abstract uint LanesAtMost(TVec x, TVec bound);

    static abstract uint Lane(TVec x, int index);
}
