using System.Collections.Immutable;
using System.Text.Json;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Json;

/// <summary>
/// The canonical JSON shape of a block: <c>{"hash","header":{…},"transactions":[…]}</c>, header and
/// transactions in their own canonical shapes. "hash" is informative: optional on input and checked when present.
/// </summary>
public static class BlockJson
{
    private static readonly JsonEncodedText HashName = JsonEncodedText.Encode("hash");
    private static readonly JsonEncodedText HeaderName = JsonEncodedText.Encode("header");
    private static readonly JsonEncodedText TransactionsName = JsonEncodedText.Encode("transactions");

    public static void Write(Utf8JsonWriter writer, Block block)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(block);
        writer.WriteStartObject();
        JsonOutput.WriteHash(writer, HashName, block.Hash);
        writer.WritePropertyName(HeaderName);
        BlockHeaderJson.Write(writer, block.Header, block.Hash);
        writer.WriteStartArray(TransactionsName);
        foreach (var transaction in block.Transactions) TransactionJson.Write(writer, transaction);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private const int Hash = 1, Header = 2, Transactions = 4;

    /// <summary>Reads one block object; the reader stands on its StartObject and ends on its EndObject.</summary>
    internal static Block Read(ref Utf8JsonReader reader, string path, int maxTransactions, LedgerJsonLimits limits)
    {
        var owner = new JsonField(path, "");
        JsonInput.ExpectStartObject(ref reader, owner);
        var seen = 0;
        Hash256 hash = default;
        BlockHeader header = default;
        var transactions = ImmutableArray<Transaction>.Empty;

        while (JsonInput.NextProperty(ref reader, owner, limits))
        {
            if (reader.ValueTextEquals("hash"u8))
            {
                hash = JsonInput.ReadHash(ref reader, Value(ref reader, owner, "hash", Hash, ref seen), limits);
            }
            else if (reader.ValueTextEquals("header"u8))
            {
                Value(ref reader, owner, "header", Header, ref seen);
                header = BlockHeaderJson.Read(ref reader, $"{path}.header", limits);
            }
            else if (reader.ValueTextEquals("transactions"u8))
            {
                var field = Value(ref reader, owner, "transactions", Transactions, ref seen);
                transactions = ReadTransactions(ref reader, field, maxTransactions, limits);
            }
            else
            {
                throw JsonInput.UnknownField(ref reader, owner);
            }
        }

        if ((seen & Header) == 0) throw JsonInput.Error(owner with { Name = "header" }, "missing");
        if ((seen & Transactions) == 0) throw JsonInput.Error(owner with { Name = "transactions" }, "missing");
        var block = new Block(header, transactions);
        if ((seen & Hash) != 0 && hash != block.Hash)
            throw JsonInput.Error(owner with { Name = "hash" }, $"does not match the header, whose hash is {block.Hash}");
        return block;
    }

    private static ImmutableArray<Transaction> ReadTransactions(
        ref Utf8JsonReader reader, JsonField field, int maxTransactions, LedgerJsonLimits limits)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw JsonInput.Error(field, $"expected an array, found {JsonInput.Describe(reader.TokenType)}");
        // Grows with what is actually present: the caller's limit never sizes an allocation up front.
        var builder = ImmutableArray.CreateBuilder<Transaction>();
        while (JsonInput.Next(ref reader, field) != JsonTokenType.EndArray)
        {
            if (builder.Count == maxTransactions)
                throw JsonInput.Error(field, $"more than {maxTransactions} transactions");
            builder.Add(TransactionJson.Read(ref reader, $"{field}[{builder.Count}]", limits));
        }
        if (builder.Count == 0) throw JsonInput.Error(field, "a block has at least its coinbase");
        return builder.ToImmutable();
    }

    private static JsonField Value(ref Utf8JsonReader reader, JsonField owner, string name, int bit, ref int seen)
    {
        var field = owner with { Name = name };
        JsonInput.MarkSeen(ref seen, bit, field);
        JsonInput.Next(ref reader, field);
        return field;
    }
}
