using System.Buffers;
using System.Text.Json;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Json;

/// <summary>
/// Entry point for the canonical JSON of transactions, headers and blocks, for HTTP and the console. Reading takes
/// untrusted UTF-8 and fails only with <see cref="LedgerDecodeException"/> naming the field ("transaction.fee",
/// "block.transactions[3].signature"); round trips preserve txids and hashes exactly.
/// </summary>
public static class LedgerJson
{
    private static readonly JsonWriterOptions Compact = new() { SkipValidation = true };
    private static readonly JsonWriterOptions Indented = new() { SkipValidation = true, Indented = true };

    public static byte[] ToUtf8Json(Transaction transaction, bool indented = false) =>
        Write(indented, writer => TransactionJson.Write(writer, transaction));

    public static byte[] ToUtf8Json(BlockHeader header, bool indented = false) =>
        Write(indented, writer => BlockHeaderJson.Write(writer, header));

    public static byte[] ToUtf8Json(Block block, bool indented = false) =>
        Write(indented, writer => BlockJson.Write(writer, block));

    public static string ToJson(Transaction transaction, bool indented = false) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(transaction, indented));
    public static string ToJson(BlockHeader header, bool indented = false) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(header, indented));
    public static string ToJson(Block block, bool indented = false) => System.Text.Encoding.UTF8.GetString(ToUtf8Json(block, indented));

    public static Transaction ReadTransaction(ReadOnlySpan<byte> utf8Json, LedgerJsonLimits? limits = null)
    {
        limits = Checked(limits, utf8Json.Length, "transaction");
        var reader = Start(utf8Json, limits, "transaction");
        var transaction = TransactionJson.Read(ref reader, "transaction", limits);
        End(ref reader, "transaction");
        return transaction;
    }

    public static BlockHeader ReadBlockHeader(ReadOnlySpan<byte> utf8Json, LedgerJsonLimits? limits = null)
    {
        limits = Checked(limits, utf8Json.Length, "header");
        var reader = Start(utf8Json, limits, "header");
        var header = BlockHeaderJson.Read(ref reader, "header", limits);
        End(ref reader, "header");
        return header;
    }

    /// <summary>Reads a block of at most <paramref name="maxTransactions"/> transactions (consensus gives the limit).</summary>
    public static Block ReadBlock(ReadOnlySpan<byte> utf8Json, int maxTransactions, LedgerJsonLimits? limits = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTransactions, 1);
        limits = Checked(limits, utf8Json.Length, "block");
        var reader = Start(utf8Json, limits, "block");
        var block = BlockJson.Read(ref reader, "block", maxTransactions, limits);
        End(ref reader, "block");
        return block;
    }

    public static Transaction ReadTransaction(string json, LedgerJsonLimits? limits = null) =>
        ReadTransaction(Utf8(json, limits, "transaction"), limits);

    public static BlockHeader ReadBlockHeader(string json, LedgerJsonLimits? limits = null) =>
        ReadBlockHeader(Utf8(json, limits, "header"), limits);

    public static Block ReadBlock(string json, int maxTransactions, LedgerJsonLimits? limits = null) =>
        ReadBlock(Utf8(json, limits, "block"), maxTransactions, limits);

    /// <summary>
    /// Serializer options carrying the three converters, for ASP.NET Core and <see cref="JsonSerializer"/>. Note that
    /// <see cref="JsonSerializer"/> checks the syntax of a value before a converter sees it, so a syntax error
    /// surfaces there as <see cref="JsonException"/>; the <c>Read…</c> methods here map every failure themselves.
    /// </summary>
    public static JsonSerializerOptions CreateSerializerOptions(int maxTransactions, LedgerJsonLimits? limits = null)
    {
        limits ??= LedgerJsonLimits.Default;
        limits.Validate();
        var options = new JsonSerializerOptions { MaxDepth = limits.MaxDepth };
        options.Converters.Add(new TransactionJsonConverter(limits));
        options.Converters.Add(new BlockHeaderJsonConverter(limits));
        options.Converters.Add(new BlockJsonConverter(maxTransactions, limits));
        return options;
    }

    private static byte[] Write(bool indented, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static LedgerJsonLimits Checked(LedgerJsonLimits? limits, int length, string what)
    {
        limits ??= LedgerJsonLimits.Default;
        limits.Validate();
        if (length > limits.MaxInputBytes)
            throw new LedgerDecodeException(what, $"{length} bytes of JSON exceed the limit of {limits.MaxInputBytes}");
        return limits;
    }

    private static byte[] Utf8(string json, LedgerJsonLimits? limits, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        var max = (limits ?? LedgerJsonLimits.Default).MaxInputBytes;
        // Three UTF-8 bytes per char at most: refuse before encoding a string that cannot fit.
        if (json.Length > max)
            throw new LedgerDecodeException(what, $"{json.Length} characters of JSON exceed the limit of {max} bytes");
        return System.Text.Encoding.UTF8.GetBytes(json);
    }

    private static Utf8JsonReader Start(ReadOnlySpan<byte> utf8Json, LedgerJsonLimits limits, string what)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        JsonInput.Next(ref reader, new JsonField(what, ""));
        return reader;
    }

    private static void End(ref Utf8JsonReader reader, string what)
    {
        try
        {
            if (reader.Read()) throw new LedgerDecodeException(what, "unexpected content after the JSON value");
        }
        catch (JsonException e)
        {
            throw new LedgerDecodeException(what, $"unexpected content after the JSON value: {e.Message}");
        }
    }
}
