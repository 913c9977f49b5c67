using System.Text;

namespace GrainChain.Runtime.Metadata;

/// <summary>
/// The stable 32-bit id a grain interface has on the wire: FNV-1a (32-bit) over the UTF-8 bytes of its metadata name
/// ("Namespace.Outer+Inner"). The code generator computes the same value at build time; both sides must agree, so
/// this is the one definition the runtime checks generated ids against.
/// </summary>
internal static class GrainInterfaceId
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(string metadataName)
    {
        ArgumentNullException.ThrowIfNull(metadataName);
        // Interface names are short; a stack buffer keeps startup checks allocation-free for all realistic names.
        int maxBytes = Encoding.UTF8.GetMaxByteCount(metadataName.Length);
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        int length = Encoding.UTF8.GetBytes(metadataName, bytes);
        uint hash = OffsetBasis;
        foreach (byte b in bytes[..length])
        {
            hash = (hash ^ b) * Prime;
        }
        return hash;
    }
}
