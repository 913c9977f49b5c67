using System.Text;

namespace GrainChain.Runtime.Tests.References;

/// <summary>Builds grain-reference encodings by hand, so tests can say exactly which length lies.</summary>
internal static class ReferenceWireBytes
{
    /// <summary>A reference region: grain type, key and interface name, each a length-prefixed UTF-8 string.</summary>
    public static byte[] Reference(string grainType, string key, string interfaceName) =>
        Region([.. Text(grainType), .. Text(key), .. Text(interfaceName)]);

    public static byte[] Region(byte[] content) => [.. VarUInt((uint)content.Length + 1), .. content];

    public static byte[] Text(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return [.. VarUInt((uint)bytes.Length + 1), .. bytes];
    }

    public static byte[] VarUInt(uint value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
