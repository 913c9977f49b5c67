using System.Buffers;
using System.Text.Json;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Silo.Http;

/// <summary>Reads request bodies under the size limit and turns them into typed values, naming the field at fault.</summary>
internal static class RequestBodies
{
    /// <summary>The body's bytes: 413 past <paramref name="limit"/> (announced or actual), 400 when empty.</summary>
    public static async Task<byte[]> ReadAsync(HttpContext http, int limit)
    {
        if (http.Request.ContentLength is { } announced && announced > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge(limit);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        if (buffer.Length == 0) throw GatewayProblem.BadRequest("body", "the request has no body: send a JSON object");
        return buffer.ToArray();
    }

    private static GatewayProblem TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"the request body exceeds the limit of {limit} bytes", "body");

    /// <summary>The body as a JSON object; malformed JSON or another kind of value is a 400 naming "body".</summary>
    public static JsonElement ParseObject(byte[] body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new GatewayProblem(StatusCodes.Status400BadRequest, "Malformed JSON", $"the request body is not valid JSON: {e.Message}", "body");
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw GatewayProblem.BadRequest("body", $"expected a JSON object, found {Describe(root.ValueKind)}");
        return root;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string RequireString(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.String)
            throw GatewayProblem.BadRequest(field, $"{field}: expected a string, found {Describe(value.ValueKind)}");
        return value.GetString()!;
    }

    public static Address ReadAddress(JsonElement value, string field) =>
        Address.TryParse(RequireString(value, field), out var address)
            ? address
            : throw GatewayProblem.BadRequest(field, $"{field}: expected an address of 40 hexadecimal digits");

    public static byte[] ReadHex(JsonElement value, string field, int bytes)
    {
        var text = RequireString(value, field);
        if (text.Length != bytes * 2) throw GatewayProblem.BadRequest(field, $"{field}: expected {bytes * 2} hexadecimal digits");
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw GatewayProblem.BadRequest(field, $"{field}: expected {bytes * 2} hexadecimal digits");
        }
    }

    /// <summary>An amount in integer base units, 0 to <see cref="Amount.MaxUnits"/> (1 and up when <paramref name="positive"/>).</summary>
    public static Amount ReadAmount(JsonElement value, string field, bool positive)
    {
        if (value.ValueKind != JsonValueKind.Number)
            throw GatewayProblem.BadRequest(field, $"{field}: expected an integer number of base units, found {Describe(value.ValueKind)}");
        if (!value.TryGetInt64(out var units))
            throw GatewayProblem.BadRequest(field, $"{field}: expected an integer number of base units from 0 to {Amount.MaxUnits}");
        CheckAmount(units, field, positive);
        return new Amount(units);
    }

    public static void CheckAmount(long units, string field, bool positive)
    {
        if (units < 0) throw GatewayProblem.BadRequest(field, $"{field}: must not be negative");
        if (positive && units == 0) throw GatewayProblem.BadRequest(field, $"{field}: must be positive");
        if (units > Amount.MaxUnits) throw GatewayProblem.BadRequest(field, $"{field}: exceeds the maximum of {Amount.MaxUnits} base units");
    }

    public static ulong ReadUInt64(JsonElement value, string field)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var number))
            throw GatewayProblem.BadRequest(field, $"{field}: expected an integer from 0 to {ulong.MaxValue}");
        return number;
    }

    private static readonly string[] CompactFields = ["sender_public_key", "recipient", "amount", "fee", "nonce", "signature"];
    private static readonly string[] SeedFields = ["sender", "recipient", "amount"];
    private static readonly string[] CanonicalMarkers = ["kind", "chainId", "txid", "senderAddress"];

    /// <summary>What to send instead of the seed's unsigned transaction; part of the 400 answer.</summary>
    public const string SignedFormHint =
        "GrainChain accepts only transfers signed by the sender's key: send {\"sender_public_key\": 66 hex digits (compressed P-256 key), " +
        "\"recipient\": 40 hex digits, \"amount\": base units, \"fee\": base units, \"nonce\": the sender's next nonce, " +
        "\"signature\": 128 hex digits (low-S ECDSA P-256 over the transfer's signing hash)}, or the canonical transaction JSON " +
        "(kind \"transfer\", chainId, sender, recipient, amount, fee, nonce, signature), e.g. as written by `grainchain tx`";

    /// <summary>
    /// A signed transfer from a request body: the canonical transaction JSON (recognised by "kind", "chainId", "txid"
    /// or "senderAddress"), or the compact form <c>{sender_public_key, recipient, amount, fee, nonce, signature}</c>
    /// on <paramref name="chainId"/>. The seed's unsigned <c>{sender, recipient, amount}</c> is a 400 that says why.
    /// </summary>
    public static Transaction ReadTransfer(byte[] body, uint chainId)
    {
        var root = ParseObject(body);
        Transaction transfer;
        if (CanonicalMarkers.Any(name => root.TryGetProperty(name, out _)))
        {
            transfer = LedgerJson.ReadTransaction(body);
            if (transfer.IsCoinbase)
                throw GatewayProblem.BadRequest("transaction.kind", "a coinbase is made by miners, never submitted: send a transfer");
            CheckAmount(transfer.Amount.Units, "transaction.amount", positive: true);
            CheckSum(transfer, "transaction.fee");
            return transfer;
        }

        if (!root.TryGetProperty("sender_public_key", out _) && root.TryGetProperty("sender", out _))
        {
            // The seed's form: check what it carries, then say why it cannot be taken.
            RequireFields(root, SeedFields);
            RequireString(root.GetProperty("sender"), "sender");
            ReadAddress(root.GetProperty("recipient"), "recipient");
            ReadAmount(root.GetProperty("amount"), "amount", positive: true);
            throw new GatewayProblem(StatusCodes.Status400BadRequest, "Unsigned transaction",
                "GrainChain transactions are signed: a transfer without the sender's public key and signature cannot be verified, " +
                "so anyone could spend anyone's coins. " + SignedFormHint, "signature", "Unsigned");
        }

        RequireFields(root, CompactFields);
        foreach (var property in root.EnumerateObject())
            if (Array.IndexOf(CompactFields, property.Name) < 0)
                throw GatewayProblem.BadRequest(property.Name, $"{property.Name}: unknown field of a signed transfer");
        var key = ReadHex(root.GetProperty("sender_public_key"), "sender_public_key", PublicKey.Size);
        if (key[0] is not (0x02 or 0x03))
            throw GatewayProblem.BadRequest("sender_public_key", "sender_public_key: a compressed public key starts with 02 or 03");
        var recipient = ReadAddress(root.GetProperty("recipient"), "recipient");
        var amount = ReadAmount(root.GetProperty("amount"), "amount", positive: true);
        var fee = ReadAmount(root.GetProperty("fee"), "fee", positive: false);
        var nonce = ReadUInt64(root.GetProperty("nonce"), "nonce");
        var signature = ReadHex(root.GetProperty("signature"), "signature", Signature.Size);
        transfer = Transaction.CreateTransfer(chainId, PublicKey.FromBytes(key), recipient, amount, fee, nonce)
            .WithSignature(Signature.FromBytes(signature));
        CheckSum(transfer, "fee");
        return transfer;
    }

    private static void CheckSum(Transaction transfer, string field)
    {
        if (transfer.Amount.Units + transfer.Fee.Units > Amount.MaxUnits)
            throw GatewayProblem.BadRequest(field, $"{field}: amount plus fee exceeds the maximum of {Amount.MaxUnits} base units");
    }

    public static void RequireFields(JsonElement root, string[] fields)
    {
        var missing = fields.Where(f => !root.TryGetProperty(f, out var value) || value.ValueKind == JsonValueKind.Null).ToList();
        if (missing.Count > 0)
            throw new GatewayProblem(StatusCodes.Status400BadRequest, "Missing values",
                $"missing values: {string.Join(", ", missing)}", missing[0]);
    }
}
