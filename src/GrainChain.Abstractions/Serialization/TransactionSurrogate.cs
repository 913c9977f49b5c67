using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Serialization;

/// <summary>
/// A <see cref="Transaction"/> on the wire: its canonical encoding, so the receiver recomputes the same txid.
/// An unsigned transfer has no canonical encoding; it travels as a transfer's encoding with the 64-byte signature
/// left off (exactly the bytes its sender signs), which its length tells apart from every canonical encoding.
/// </summary>
[GenerateSerializer, Immutable, Alias("gc.tx")]
public readonly struct TransactionSurrogate(byte[] bytes)
{
    /// <summary>The length of an unsigned transfer on the wire: a transfer without its signature.</summary>
    public const int UnsignedTransferSize = Transaction.TransferSize - Signature.Size;

    [Id(0)] public readonly byte[] Bytes = bytes;
}
