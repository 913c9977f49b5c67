using System.Text.Json;
using System.Text.Json.Serialization;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Json;

/// <summary>Plugs <see cref="TransactionJson"/> into <see cref="JsonSerializer"/>.</summary>
public sealed class TransactionJsonConverter(LedgerJsonLimits limits) : JsonConverter<Transaction>
{
    public TransactionJsonConverter() : this(LedgerJsonLimits.Default)
    {
    }

    public override Transaction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TransactionJson.Read(ref reader, "transaction", limits);

    public override void Write(Utf8JsonWriter writer, Transaction value, JsonSerializerOptions options) =>
        TransactionJson.Write(writer, value);
}
