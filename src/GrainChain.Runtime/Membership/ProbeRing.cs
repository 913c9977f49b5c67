using System.Text;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Chooses whom a silo probes: its successors on a ring of silos ordered by a stable hash of their text form.
/// Every silo computes the same ring from the same view, so each silo is probed by its predecessors and nobody is
/// left unwatched; the hash spreads neighbours on one machine around the ring.
/// </summary>
internal static class ProbeRing
{
    /// <summary>
    /// Up to <paramref name="count"/> silos following <paramref name="self"/> on the ring of
    /// <paramref name="members"/> (self is placed on the ring even when absent), never self itself.
    /// </summary>
    public static IReadOnlyList<SiloAddress> Successors(IEnumerable<SiloAddress> members, SiloAddress self, int count)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(self);
        var ring = members
            .Append(self)
            .Distinct()
            .Select(silo => (Silo: silo, Text: silo.ToString()))
            .Select(s => (s.Silo, s.Text, Hash: Hash(s.Text)))
            .OrderBy(s => s.Hash)
            .ThenBy(s => s.Text, StringComparer.Ordinal)
            .Select(s => s.Silo)
            .ToList();
        var at = ring.IndexOf(self);
        var take = Math.Min(count, ring.Count - 1);
        var successors = new List<SiloAddress>(Math.Max(take, 0));
        for (var i = 1; i <= take; i++)
        {
            successors.Add(ring[(at + i) % ring.Count]);
        }

        return successors;
    }

    /// <summary>FNV-1a 64 over the UTF-8 text: fixed by definition, unlike string.GetHashCode, so every process agrees.</summary>
    public static ulong Hash(string text)
    {
        const ulong offsetBasis = 14695981039346656037;
        const ulong prime = 1099511628211;
        Span<byte> buffer = stackalloc byte[SiloAddress.MaxTextLength * 3];
        var length = Encoding.UTF8.GetBytes(text.AsSpan(0, Math.Min(text.Length, SiloAddress.MaxTextLength)), buffer);
        var hash = offsetBasis;
        foreach (var b in buffer[..length])
        {
            hash = (hash ^ b) * prime;
        }

        return hash;
    }
}
