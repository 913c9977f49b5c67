using GrainChain.Ledger.Primitives;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A <see cref="Hash256"/> on the wire: its 32 canonical bytes read as four little-endian words.</summary>
/// <remarks>Four fixed words instead of a byte array: no allocation, and every bit pattern is a valid hash.</remarks>
[GenerateSerializer, Immutable, Alias("gc.hash")]
public readonly struct Hash256Surrogate(ulong w0, ulong w1, ulong w2, ulong w3)
{
    [Id(0)] public readonly ulong W0 = w0;
    [Id(1)] public readonly ulong W1 = w1;
    [Id(2)] public readonly ulong W2 = w2;
    [Id(3)] public readonly ulong W3 = w3;
}

/// <summary>Converts <see cref="Hash256"/> to and from <see cref="Hash256Surrogate"/>.</summary>
[RegisterConverter]
public sealed class Hash256Converter : IConverter<Hash256, Hash256Surrogate>
{
    public Hash256 ConvertFromSurrogate(in Hash256Surrogate surrogate) =>
        Hash256.FromWords(surrogate.W0, surrogate.W1, surrogate.W2, surrogate.W3);

    public Hash256Surrogate ConvertToSurrogate(in Hash256 value)
    {
        var (w0, w1, w2, w3) = value.Words;
        return new Hash256Surrogate(w0, w1, w2, w3);
    }
}
