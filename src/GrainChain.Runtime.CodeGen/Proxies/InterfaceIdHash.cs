using System.Text;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>
/// The interface id generated requests carry on the wire: FNV-1a (32-bit) over the UTF-8 bytes of the interface's
/// metadata name. Must stay equal to the runtime's GrainInterfaceId, which checks the generated ids at startup.
/// </summary>
internal static class InterfaceIdHash
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static uint Compute(string metadataName)
    {
        uint hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(metadataName))
        {
            hash = unchecked((hash ^ b) * Prime);
        }
        return hash;
    }

    /// <summary>The id as a C# literal of type uint.</summary>
    public static string Literal(uint id) => "0x" + id.ToString("X8", System.Globalization.CultureInfo.InvariantCulture) + "u";
}
