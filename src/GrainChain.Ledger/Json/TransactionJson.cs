using System.Text.Json;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Json;

/// <summary>
/// The canonical JSON shape of a transaction. A transfer:
/// <c>{"txid","kind":"transfer","chainId","sender","senderAddress","recipient","amount","fee","nonce","signature"}</c>;
/// a coinbase: <c>{"txid","kind":"coinbase","chainId","recipient","amount","height","extraNonce"}</c>.
/// Keys, signatures and addresses are lowercase hex, the txid in display order, amounts integer base units.
/// "txid" and "senderAddress" are informative: optional on input, and checked against the content when present.
/// </summary>
public static class TransactionJson
{
    private static readonly JsonEncodedText TxidName = JsonEncodedText.Encode("txid");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ChainIdName = JsonEncodedText.Encode("chainId");
    private static readonly JsonEncodedText SenderName = JsonEncodedText.Encode("sender");
    private static readonly JsonEncodedText SenderAddressName = JsonEncodedText.Encode("senderAddress");
    private static readonly JsonEncodedText RecipientName = JsonEncodedText.Encode("recipient");
    private static readonly JsonEncodedText AmountName = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText FeeName = JsonEncodedText.Encode("fee");
    private static readonly JsonEncodedText NonceName = JsonEncodedText.Encode("nonce");
    private static readonly JsonEncodedText HeightName = JsonEncodedText.Encode("height");
    private static readonly JsonEncodedText ExtraNonceName = JsonEncodedText.Encode("extraNonce");
    private static readonly JsonEncodedText SignatureName = JsonEncodedText.Encode("signature");
    private static readonly JsonEncodedText TransferKind = JsonEncodedText.Encode("transfer");
    private static readonly JsonEncodedText CoinbaseKind = JsonEncodedText.Encode("coinbase");

    /// <summary>Writes the canonical shape; an unsigned transfer is written without "txid" and "signature".</summary>
    public static void Write(Utf8JsonWriter writer, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(transaction);
        writer.WriteStartObject();
        if (transaction.IsCoinbase || transaction.IsSigned) JsonOutput.WriteHash(writer, TxidName, transaction.Id);
        writer.WriteString(KindName, transaction.IsCoinbase ? CoinbaseKind : TransferKind);
        writer.WriteNumber(ChainIdName, transaction.ChainId);
        if (transaction.IsCoinbase)
        {
            JsonOutput.WriteAddress(writer, RecipientName, transaction.Recipient);
            writer.WriteNumber(AmountName, transaction.Amount.Units);
            writer.WriteNumber(HeightName, transaction.Nonce);
            writer.WriteNumber(ExtraNonceName, transaction.ExtraNonce);
        }
        else
        {
            JsonOutput.WriteHex(writer, SenderName, transaction.Sender.Span);
            JsonOutput.WriteAddress(writer, SenderAddressName, transaction.SenderAddress);
            JsonOutput.WriteAddress(writer, RecipientName, transaction.Recipient);
            writer.WriteNumber(AmountName, transaction.Amount.Units);
            writer.WriteNumber(FeeName, transaction.Fee.Units);
            writer.WriteNumber(NonceName, transaction.Nonce);
            if (transaction.IsSigned) JsonOutput.WriteHex(writer, SignatureName, transaction.Signature.Span);
        }
        writer.WriteEndObject();
    }

    // One bit per field, to find duplicates and missing fields.
    private const int Txid = 1, Kind = 2, ChainId = 4, Sender = 8, SenderAddress = 16, Recipient = 32, AmountBit = 64,
        Fee = 128, Nonce = 256, Height = 512, ExtraNonce = 1024, SignatureBit = 2048;

    private const int CommonRequired = Kind | ChainId | Recipient | AmountBit;
    private const int TransferRequired = CommonRequired | Sender | Fee | Nonce | SignatureBit;
    private const int CoinbaseRequired = CommonRequired | Height | ExtraNonce;
    private const int TransferOnly = Sender | SenderAddress | Fee | Nonce | SignatureBit;
    private const int CoinbaseOnly = Height | ExtraNonce;

    /// <summary>Reads one transaction object; the reader stands on its StartObject and ends on its EndObject.</summary>
    internal static Transaction Read(ref Utf8JsonReader reader, string path, LedgerJsonLimits limits)
    {
        var owner = new JsonField(path, "");
        JsonInput.ExpectStartObject(ref reader, owner);
        var seen = 0;
        var isCoinbase = false;
        uint chainId = 0;
        Span<byte> sender = stackalloc byte[PublicKey.Size];
        Span<byte> signature = stackalloc byte[Signature.Size];
        Address recipient = default, senderAddress = default;
        Amount amount = default, fee = default;
        ulong nonce = 0, height = 0, extraNonce = 0;
        Hash256 txid = default;

        while (JsonInput.NextProperty(ref reader, owner, limits))
        {
            if (reader.ValueTextEquals("txid"u8))
                txid = JsonInput.ReadHash(ref reader, Value(ref reader, owner, "txid", Txid, ref seen), limits);
            else if (reader.ValueTextEquals("kind"u8))
                isCoinbase = ReadKind(ref reader, Value(ref reader, owner, "kind", Kind, ref seen));
            else if (reader.ValueTextEquals("chainId"u8))
                chainId = JsonInput.ReadUInt32(ref reader, Value(ref reader, owner, "chainId", ChainId, ref seen));
            else if (reader.ValueTextEquals("sender"u8))
                ReadSender(ref reader, Value(ref reader, owner, "sender", Sender, ref seen), limits, sender);
            else if (reader.ValueTextEquals("senderAddress"u8))
                senderAddress = JsonInput.ReadAddress(ref reader, Value(ref reader, owner, "senderAddress", SenderAddress, ref seen), limits);
            else if (reader.ValueTextEquals("recipient"u8))
                recipient = JsonInput.ReadAddress(ref reader, Value(ref reader, owner, "recipient", Recipient, ref seen), limits);
            else if (reader.ValueTextEquals("amount"u8))
                amount = JsonInput.ReadAmount(ref reader, Value(ref reader, owner, "amount", AmountBit, ref seen));
            else if (reader.ValueTextEquals("fee"u8))
                fee = JsonInput.ReadAmount(ref reader, Value(ref reader, owner, "fee", Fee, ref seen));
            else if (reader.ValueTextEquals("nonce"u8))
                nonce = JsonInput.ReadUInt64(ref reader, Value(ref reader, owner, "nonce", Nonce, ref seen));
            else if (reader.ValueTextEquals("height"u8))
                height = JsonInput.ReadUInt64(ref reader, Value(ref reader, owner, "height", Height, ref seen));
            else if (reader.ValueTextEquals("extraNonce"u8))
                extraNonce = JsonInput.ReadUInt64(ref reader, Value(ref reader, owner, "extraNonce", ExtraNonce, ref seen));
            else if (reader.ValueTextEquals("signature"u8))
                JsonInput.ReadHex(ref reader, Value(ref reader, owner, "signature", SignatureBit, ref seen), limits, signature);
            else
                throw JsonInput.UnknownField(ref reader, owner);
        }

        if ((seen & Kind) == 0) throw JsonInput.Error(owner with { Name = "kind" }, "missing");
        RequireShape(owner, seen, isCoinbase ? CoinbaseRequired : TransferRequired, isCoinbase ? TransferOnly : CoinbaseOnly,
            isCoinbase ? "a coinbase" : "a transfer");

        var transaction = isCoinbase
            ? Transaction.CreateCoinbase(chainId, recipient, amount, height, extraNonce)
            : Transaction.CreateTransfer(chainId, PublicKey.FromBytes(sender), recipient, amount, fee, nonce)
                .WithSignature(Signature.FromBytes(signature));

        if ((seen & Txid) != 0 && txid != transaction.Id)
            throw JsonInput.Error(owner with { Name = "txid" }, $"does not match the content, whose txid is {transaction.Id}");
        if ((seen & SenderAddress) != 0 && senderAddress != transaction.SenderAddress)
            throw JsonInput.Error(owner with { Name = "senderAddress" }, $"does not match the sender key, whose address is {transaction.SenderAddress}");
        return transaction;
    }

    /// <summary>Marks the field seen and moves the reader onto its value.</summary>
    private static JsonField Value(ref Utf8JsonReader reader, JsonField owner, string name, int bit, ref int seen)
    {
        var field = owner with { Name = name };
        JsonInput.MarkSeen(ref seen, bit, field);
        JsonInput.Next(ref reader, field);
        return field;
    }

    private static bool ReadKind(ref Utf8JsonReader reader, JsonField field)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("coinbase"u8)) return true;
            if (reader.ValueTextEquals("transfer"u8)) return false;
        }
        throw JsonInput.Error(field, "expected \"transfer\" or \"coinbase\"");
    }

    private static void ReadSender(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits, scoped Span<byte> sender)
    {
        JsonInput.ReadHex(ref reader, field, limits, sender);
        if (sender[0] is not (0x02 or 0x03))
            throw JsonInput.Error(field, "a compressed public key starts with 02 or 03");
    }

    private static void RequireShape(JsonField owner, int seen, int required, int forbidden, string what)
    {
        foreach (var (bit, name) in FieldNames)
        {
            if ((required & bit) != 0 && (seen & bit) == 0) throw JsonInput.Error(owner with { Name = name }, "missing");
            if ((forbidden & bit) != 0 && (seen & bit) != 0) throw JsonInput.Error(owner with { Name = name }, $"is not a field of {what}");
        }
    }

    private static readonly (int Bit, string Name)[] FieldNames =
    [
        (Kind, "kind"), (ChainId, "chainId"), (Sender, "sender"), (SenderAddress, "senderAddress"), (Recipient, "recipient"),
        (AmountBit, "amount"), (Fee, "fee"), (Nonce, "nonce"), (Height, "height"), (ExtraNonce, "extraNonce"),
        (SignatureBit, "signature"),
    ];
}
