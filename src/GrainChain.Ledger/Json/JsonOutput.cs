using System.Text.Json;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Json;

/// <summary>Writes hexadecimal fields without intermediate strings.</summary>
internal static class JsonOutput
{
    public static void WriteHex(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[bytes.Length * 2];
        Convert.TryToHexStringLower(bytes, chars, out _);
        writer.WriteString(name, chars);
    }

    /// <summary>Display order, the same digits as <see cref="Hash256.ToString"/>.</summary>
    public static void WriteHash(Utf8JsonWriter writer, JsonEncodedText name, in Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        hash.WriteTo(bytes);
        bytes.Reverse();
        WriteHex(writer, name, bytes);
    }

    public static void WriteAddress(Utf8JsonWriter writer, JsonEncodedText name, in Address address)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        address.WriteTo(bytes);
        WriteHex(writer, name, bytes);
    }
}
