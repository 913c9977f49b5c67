using GrainChain.Ledger.Encoding;

namespace GrainChain.Abstractions.Serialization;

/// <summary>A ledger value could not cross a grain boundary: its wire bytes are malformed or exceed the wire limits.</summary>
/// <remarks>
/// Serializable itself, so a caller told that its call could not be decoded still sees the type and field. It keeps
/// the ledger's message but not the ledger's exception: Orleans serializes exceptions only from namespaces it is told
/// to trust, and an inner exception it cannot serialize would make this one unsendable too.
/// </remarks>
[GenerateSerializer, Alias("gc.wire-error")]
public sealed class WireFormatException : Exception
{
    public WireFormatException(string typeName, string field, string reason)
        : base($"malformed {typeName} on the wire: cannot decode {field}: {reason}")
    {
        TypeName = typeName;
        Field = field;
    }

    private WireFormatException(string typeName, LedgerDecodeException error)
        : base($"malformed {typeName} on the wire: {error.Message}")
    {
        TypeName = typeName;
        Field = error.Field;
    }

    /// <summary>The ledger type being decoded, e.g. "Block".</summary>
    [Id(0)]
    public string TypeName { get; }

    /// <summary>Where decoding stopped, in the ledger's field naming (e.g. "transaction.amount").</summary>
    [Id(1)]
    public string Field { get; }

    /// <summary>Restates the ledger's own decoding error (same field, same message) as a wire error.</summary>
    internal static WireFormatException FromLedger(string typeName, LedgerDecodeException error) => new(typeName, error);

    /// <summary>A surrogate whose byte array is null: a default surrogate or a payload that left the field out.</summary>
    internal static WireFormatException Missing(string typeName, string field) =>
        new(typeName, field, "the bytes are missing");
}
