using System.Buffers.Binary;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Serialization;

/// <summary>An <see cref="Address"/> on the wire: its 20 canonical bytes read as little-endian words of 8, 8 and 4 bytes.</summary>
/// <remarks>Fixed words instead of a byte array: no allocation, and every bit pattern is a valid address.</remarks>
[GenerateSerializer, Immutable, Alias("gc.address")]
public readonly struct AddressSurrogate(ulong low, ulong middle, uint high)
{
    /// <summary>Bytes 0–7.</summary>
    [Id(0)] public readonly ulong Low = low;

    /// <summary>Bytes 8–15.</summary>
    [Id(1)] public readonly ulong Middle = middle;

    /// <summary>Bytes 16–19.</summary>
    [Id(2)] public readonly uint High = high;
}

/// <summary>Converts <see cref="Address"/> to and from <see cref="AddressSurrogate"/>.</summary>
[RegisterConverter]
public sealed class AddressConverter : IConverter<Address, AddressSurrogate>
{
    public Address ConvertFromSurrogate(in AddressSurrogate surrogate)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, surrogate.Low);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], surrogate.Middle);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[16..], surrogate.High);
        return new Address(bytes);
    }

    public AddressSurrogate ConvertToSurrogate(in Address value)
    {
        Span<byte> bytes = stackalloc byte[Address.Size];
        value.WriteTo(bytes);
        return new AddressSurrogate(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]));
    }
}
