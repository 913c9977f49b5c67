using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Serialization;

/// <summary>Converts <see cref="Transaction"/> to and from <see cref="TransactionSurrogate"/> with the ledger's decoder.</summary>
[RegisterConverter]
public sealed class TransactionConverter : IConverter<Transaction, TransactionSurrogate>
{
    // Fills the signature slot so the ledger's own writer and reader handle an unsigned transfer; it never
    // leaves this class (it is cut off before sending and dropped after reading).
    private static readonly Signature Placeholder = Signature.FromBytes(new byte[Signature.Size]);

    public Transaction ConvertFromSurrogate(in TransactionSurrogate surrogate)
    {
        var bytes = surrogate.Bytes ?? throw WireFormatException.Missing(nameof(Transaction), "transaction");
        try
        {
            return IsUnsignedTransfer(bytes) ? DecodeUnsigned(bytes) : Transaction.Decode(bytes);
        }
        catch (LedgerDecodeException error)
        {
            throw WireFormatException.FromLedger(nameof(Transaction), error);
        }
    }

    public TransactionSurrogate ConvertToSurrogate(in Transaction value)
    {
        if (value.IsCoinbase || value.IsSigned) return new(value.ToArray());
        var withPlaceholder = value.WithSignature(Placeholder).ToArray();
        return new(withPlaceholder[..TransactionSurrogate.UnsignedTransferSize]);
    }

    private static bool IsUnsignedTransfer(byte[] bytes) =>
        bytes.Length == TransactionSurrogate.UnsignedTransferSize && bytes[0] == (byte)TransactionKind.Transfer;

    private static Transaction DecodeUnsigned(byte[] bytes)
    {
        Span<byte> full = stackalloc byte[Transaction.TransferSize];
        full.Clear();
        bytes.CopyTo(full);
        var decoded = Transaction.Decode(full);
        return Transaction.CreateTransfer(decoded.ChainId, decoded.Sender, decoded.Recipient, decoded.Amount, decoded.Fee, decoded.Nonce);
    }
}
