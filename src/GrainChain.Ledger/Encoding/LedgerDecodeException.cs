namespace GrainChain.Ledger.Encoding;

/// <summary>Untrusted bytes or JSON could not be decoded; <see cref="Field"/> names where decoding stopped.</summary>
public sealed class LedgerDecodeException : LedgerException
{
    public LedgerDecodeException(string field, string message)
        : base($"cannot decode {field}: {message}")
    {
        Field = field;
    }

    public string Field { get; }
}
