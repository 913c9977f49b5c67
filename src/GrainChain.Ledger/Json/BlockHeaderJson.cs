using System.Globalization;
using System.Text.Json;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Json;

/// <summary>
/// The canonical JSON shape of a header:
/// <c>{"hash","version","previousHash","merkleRoot","time","bits":"1d00ffff","nonce"}</c>. Hashes in display
/// order; bits as eight hex digits, the way Bitcoin shows them. "hash" is informative: optional on input and
/// checked when present.
/// </summary>
public static class BlockHeaderJson
{
    private static readonly JsonEncodedText HashName = JsonEncodedText.Encode("hash");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText PreviousHashName = JsonEncodedText.Encode("previousHash");
    private static readonly JsonEncodedText MerkleRootName = JsonEncodedText.Encode("merkleRoot");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText BitsName = JsonEncodedText.Encode("bits");
    private static readonly JsonEncodedText NonceName = JsonEncodedText.Encode("nonce");

    public static void Write(Utf8JsonWriter writer, in BlockHeader header) => Write(writer, header, header.ComputeHash());

    /// <summary>Writes <paramref name="header"/> with a hash the caller already knows (a block caches its own).</summary>
    internal static void Write(Utf8JsonWriter writer, in BlockHeader header, in Hash256 hash)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        JsonOutput.WriteHash(writer, HashName, hash);
        writer.WriteNumber(VersionName, header.Version);
        JsonOutput.WriteHash(writer, PreviousHashName, header.PreviousHash);
        JsonOutput.WriteHash(writer, MerkleRootName, header.MerkleRoot);
        writer.WriteNumber(TimeName, header.Time);
        writer.WriteString(BitsName, header.Bits.ToString("x8", CultureInfo.InvariantCulture));
        writer.WriteNumber(NonceName, header.Nonce);
        writer.WriteEndObject();
    }

    private const int Hash = 1, Version = 2, PreviousHash = 4, MerkleRoot = 8, Time = 16, Bits = 32, Nonce = 64;
    private const int Required = Version | PreviousHash | MerkleRoot | Time | Bits | Nonce;

    private static readonly (int Bit, string Name)[] RequiredNames =
        [(Version, "version"), (PreviousHash, "previousHash"), (MerkleRoot, "merkleRoot"), (Time, "time"), (Bits, "bits"), (Nonce, "nonce")];

    /// <summary>Reads one header object; the reader stands on its StartObject and ends on its EndObject.</summary>
    internal static BlockHeader Read(ref Utf8JsonReader reader, string path, LedgerJsonLimits limits)
    {
        var owner = new JsonField(path, "");
        JsonInput.ExpectStartObject(ref reader, owner);
        var seen = 0;
        int version = 0;
        uint time = 0, bits = 0, nonce = 0;
        Hash256 hash = default, previous = default, merkleRoot = default;

        while (JsonInput.NextProperty(ref reader, owner, limits))
        {
            if (reader.ValueTextEquals("hash"u8))
                hash = JsonInput.ReadHash(ref reader, Value(ref reader, owner, "hash", Hash, ref seen), limits);
            else if (reader.ValueTextEquals("version"u8))
                version = JsonInput.ReadInt32(ref reader, Value(ref reader, owner, "version", Version, ref seen));
            else if (reader.ValueTextEquals("previousHash"u8))
                previous = JsonInput.ReadHash(ref reader, Value(ref reader, owner, "previousHash", PreviousHash, ref seen), limits);
            else if (reader.ValueTextEquals("merkleRoot"u8))
                merkleRoot = JsonInput.ReadHash(ref reader, Value(ref reader, owner, "merkleRoot", MerkleRoot, ref seen), limits);
            else if (reader.ValueTextEquals("time"u8))
                time = JsonInput.ReadUInt32(ref reader, Value(ref reader, owner, "time", Time, ref seen));
            else if (reader.ValueTextEquals("bits"u8))
                bits = JsonInput.ReadHex32(ref reader, Value(ref reader, owner, "bits", Bits, ref seen), limits);
            else if (reader.ValueTextEquals("nonce"u8))
                nonce = JsonInput.ReadUInt32(ref reader, Value(ref reader, owner, "nonce", Nonce, ref seen));
            else
                throw JsonInput.UnknownField(ref reader, owner);
        }

        foreach (var (bit, name) in RequiredNames)
            if ((Required & bit) != 0 && (seen & bit) == 0) throw JsonInput.Error(owner with { Name = name }, "missing");

        var header = new BlockHeader(version, previous, merkleRoot, time, bits, nonce);
        if ((seen & Hash) != 0 && hash != header.ComputeHash())
            throw JsonInput.Error(owner with { Name = "hash" }, $"does not match the header, whose hash is {header.ComputeHash()}");
        return header;
    }

    private static JsonField Value(ref Utf8JsonReader reader, JsonField owner, string name, int bit, ref int seen)
    {
        var field = owner with { Name = name };
        JsonInput.MarkSeen(ref seen, bit, field);
        JsonInput.Next(ref reader, field);
        return field;
    }
}
