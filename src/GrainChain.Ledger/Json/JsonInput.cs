using System.Buffers;
using System.Globalization;
using System.Text.Json;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Json;

/// <summary>
/// Typed reads from a <see cref="Utf8JsonReader"/> over untrusted input. Every failure, a syntax error found by
/// the reader included, becomes a <see cref="LedgerDecodeException"/> naming the field.
/// </summary>
internal static class JsonInput
{
    public static LedgerDecodeException Error(JsonField field, string message) => new(field.ToString(), message);

    /// <summary>Advances one token; the document ending or breaking here is an error at <paramref name="field"/>.</summary>
    public static JsonTokenType Next(ref Utf8JsonReader reader, JsonField field)
    {
        try
        {
            if (!reader.Read()) throw Error(field, "the JSON ends early");
        }
        catch (JsonException e)
        {
            throw Error(field, $"malformed JSON: {e.Message}");
        }
        return reader.TokenType;
    }

    public static void ExpectStartObject(ref Utf8JsonReader reader, JsonField field)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Error(field, $"expected an object, found {Describe(reader.TokenType)}");
    }

    /// <summary>
    /// Moves to the next property name of the current object (the caller matches it with
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>, allocation-free); false at the object's end.
    /// Names are bounded like strings, so a megabyte-long key is refused before anything looks at it.
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader, JsonField owner, LedgerJsonLimits limits)
    {
        var token = Next(ref reader, owner);
        if (token == JsonTokenType.EndObject) return false;
        if (token != JsonTokenType.PropertyName) throw Error(owner, $"expected a property name, found {Describe(token)}");
        CheckLength(ref reader, owner, limits);
        return true;
    }

    /// <summary>The error for the property the reader stands on, which no field of <paramref name="owner"/> matched.</summary>
    public static LedgerDecodeException UnknownField(ref Utf8JsonReader reader, JsonField owner)
    {
        string name;
        try
        {
            name = reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return Error(owner, "a property name is not valid UTF-8");
        }
        var shown = name.Length > 40 ? name[..40] + "…" : name;
        return Error(owner with { Name = shown }, "unknown field");
    }

    public static ulong ReadUInt64(ref Utf8JsonReader reader, JsonField field)
    {
        ExpectNumber(ref reader, field);
        return reader.TryGetUInt64(out var value)
            ? value
            : throw Error(field, $"expected an integer from 0 to {ulong.MaxValue}");
    }

    public static uint ReadUInt32(ref Utf8JsonReader reader, JsonField field)
    {
        ExpectNumber(ref reader, field);
        return reader.TryGetUInt32(out var value)
            ? value
            : throw Error(field, $"expected an integer from 0 to {uint.MaxValue}");
    }

    public static int ReadInt32(ref Utf8JsonReader reader, JsonField field)
    {
        ExpectNumber(ref reader, field);
        return reader.TryGetInt32(out var value)
            ? value
            : throw Error(field, $"expected an integer from {int.MinValue} to {int.MaxValue}");
    }

    public static Amount ReadAmount(ref Utf8JsonReader reader, JsonField field)
    {
        ExpectNumber(ref reader, field);
        return reader.TryGetInt64(out var units) && Amount.IsValid(units)
            ? new Amount(units)
            : throw Error(field, $"expected an amount in base units from 0 to {Amount.MaxUnits}");
    }

    /// <summary>Exactly <paramref name="destination"/>.Length bytes as hexadecimal digits (either case).</summary>
    public static void ReadHex(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits, scoped Span<byte> destination)
    {
        Span<char> chars = stackalloc char[limits.MaxStringLength];
        ReadOnlySpan<char> text = chars[..ReadString(ref reader, field, limits, chars)];
        if (text.Length != destination.Length * 2 ||
            Convert.FromHexString(text, destination, out _, out var written) != OperationStatus.Done ||
            written != destination.Length)
            throw Error(field, $"expected {destination.Length * 2} hexadecimal digits");
    }

    /// <summary>A hash in display order, as <see cref="Hash256.ToString"/> writes it.</summary>
    public static Hash256 ReadHash(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits)
    {
        Span<char> chars = stackalloc char[limits.MaxStringLength];
        return Hash256.TryParse(chars[..ReadString(ref reader, field, limits, chars)], out var hash)
            ? hash
            : throw Error(field, "expected a hash of 64 hexadecimal digits");
    }

    public static Address ReadAddress(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits)
    {
        Span<char> chars = stackalloc char[limits.MaxStringLength];
        return Address.TryParse(chars[..ReadString(ref reader, field, limits, chars)], out var address)
            ? address
            : throw Error(field, "expected an address of 40 hexadecimal digits");
    }

    /// <summary>A 32-bit value written as exactly eight hexadecimal digits, as compact difficulty bits are shown.</summary>
    public static uint ReadHex32(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits)
    {
        Span<char> chars = stackalloc char[limits.MaxStringLength];
        ReadOnlySpan<char> text = chars[..ReadString(ref reader, field, limits, chars)];
        return text.Length == 8 && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(field, "expected eight hexadecimal digits");
    }

    /// <summary>Copies the current string token (unescaped) into <paramref name="buffer"/>.</summary>
    public static int ReadString(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits, scoped Span<char> buffer)
    {
        if (reader.TokenType != JsonTokenType.String) throw Error(field, $"expected a string, found {Describe(reader.TokenType)}");
        CheckLength(ref reader, field, limits);
        try
        {
            // Unescaping never lengthens a string, so the raw length bounds the copy.
            return reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            // The reader checks UTF-8 inside strings only when they are transcoded, which is here.
            throw Error(field, "the string is not valid UTF-8");
        }
    }

    public static void ExpectNumber(ref Utf8JsonReader reader, JsonField field)
    {
        if (reader.TokenType != JsonTokenType.Number) throw Error(field, $"expected an integer, found {Describe(reader.TokenType)}");
    }

    private static void CheckLength(ref Utf8JsonReader reader, JsonField field, LedgerJsonLimits limits)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > limits.MaxStringLength)
            throw Error(field, $"a string of {length} bytes exceeds the limit of {limits.MaxStringLength}");
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.PropertyName => "a property name",
        _ => token.ToString(),
    };

    /// <summary>Each field at most once: a second value would make two readers see two different documents.</summary>
    public static void MarkSeen(ref int seen, int bit, JsonField field)
    {
        if ((seen & bit) != 0) throw Error(field, "appears twice");
        seen |= bit;
    }
}
