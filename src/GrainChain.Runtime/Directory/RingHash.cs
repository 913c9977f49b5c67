using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// The hashes that place silos and grains on the ring. Both are fixed functions of text every process writes the
/// same way, so every silo computes the same owner for a grain without talking to anyone.
/// </summary>
internal static class RingHash
{
    /// <summary>The ring position of a grain: its uniform hash, mixed so that ids differing in one character scatter.</summary>
    public static uint Of(GrainId grainId) => Mix32(grainId.GetUniformHashCode());

    /// <summary>The <paramref name="index"/>-th virtual point of a silo.</summary>
    public static uint PointOf(ulong siloHash, int index) =>
        (uint)(Mix64(siloHash + (ulong)index * 0x9E3779B97F4A7C15UL) >> 32);

    /// <summary>FNV-1a 64 over the silo's text form: stable across processes, unlike string.GetHashCode.</summary>
    public static ulong Of(SiloAddress silo)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in silo.ToString())
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    // Finalisers in the style of MurmurHash3: every input bit flips about half the output bits.
    private static uint Mix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }

    private static ulong Mix64(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
