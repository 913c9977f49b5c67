using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A <see cref="PublicKey"/> on the wire: its 33-byte compressed SEC1 encoding.</summary>
[GenerateSerializer, Immutable, Alias("gc.pubkey")]
public readonly struct PublicKeySurrogate(byte[] bytes)
{
    [Id(0)] public readonly byte[] Bytes = bytes;
}

/// <summary>Converts <see cref="PublicKey"/> to and from <see cref="PublicKeySurrogate"/>, checking length and prefix.</summary>
/// <remarks>A default (empty) key travels as zero bytes, since <see cref="PublicKey"/> has a default value too.</remarks>
[RegisterConverter]
public sealed class PublicKeyConverter : IConverter<PublicKey, PublicKeySurrogate>
{
    public PublicKey ConvertFromSurrogate(in PublicKeySurrogate surrogate)
    {
        var bytes = surrogate.Bytes ?? throw WireFormatException.Missing(nameof(PublicKey), "publicKey");
        if (bytes.Length == 0) return default;
        if (bytes.Length != PublicKey.Size)
            throw new WireFormatException(nameof(PublicKey), "publicKey", $"is {bytes.Length} bytes, not {PublicKey.Size}");
        if (bytes[0] is not (0x02 or 0x03))
            throw new WireFormatException(nameof(PublicKey), "publicKey", $"a compressed public key starts with 0x02 or 0x03, not 0x{bytes[0]:x2}");
        return PublicKey.FromBytes(bytes);
    }

    public PublicKeySurrogate ConvertToSurrogate(in PublicKey value) => new(value.Span.ToArray());
}
