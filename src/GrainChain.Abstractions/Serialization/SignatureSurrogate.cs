using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A <see cref="Signature"/> on the wire: its 64 bytes r‖s.</summary>
[GenerateSerializer, Immutable, Alias("gc.sig")]
public readonly struct SignatureSurrogate(byte[] bytes)
{
    [Id(0)] public readonly byte[] Bytes = bytes;
}

/// <summary>Converts <see cref="Signature"/> to and from <see cref="SignatureSurrogate"/>, checking the length.</summary>
/// <remarks>A default (empty) signature travels as zero bytes, since <see cref="Signature"/> has a default value too.</remarks>
[RegisterConverter]
public sealed class SignatureConverter : IConverter<Signature, SignatureSurrogate>
{
    public Signature ConvertFromSurrogate(in SignatureSurrogate surrogate)
    {
        var bytes = surrogate.Bytes ?? throw WireFormatException.Missing(nameof(Signature), "signature");
        if (bytes.Length == 0) return default;
        if (bytes.Length != Signature.Size)
            throw new WireFormatException(nameof(Signature), "signature", $"is {bytes.Length} bytes, not {Signature.Size}");
        return Signature.FromBytes(bytes);
    }

    public SignatureSurrogate ConvertToSurrogate(in Signature value) => new(value.Span.ToArray());
}
