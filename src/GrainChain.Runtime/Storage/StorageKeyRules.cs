using System.Text;

namespace GrainChain.Runtime.Storage;

/// <summary>
/// The limits every store applies to state names and grain ids, so that all stores accept and refuse the same
/// keys. The limits keep a key inside PostgreSQL's index entry size; NUL and unpaired surrogates cannot be stored
/// as UTF-8 text.
/// </summary>
public static class StorageKeyRules
{
    /// <summary>Longest state name, in UTF-8 bytes.</summary>
    public const int MaxStateNameBytes = 256;

    /// <summary>Longest grain id, in UTF-8 bytes.</summary>
    public const int MaxGrainIdBytes = 2048;

    /// <summary>Throws <see cref="ArgumentException"/> naming the argument when a key cannot be stored.</summary>
    public static void Validate(string stateName, string grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(grainId);
        if (stateName.Length == 0)
        {
            throw new ArgumentException("The state name must not be empty.", nameof(stateName));
        }

        Check(stateName, MaxStateNameBytes, nameof(stateName));
        Check(grainId, MaxGrainIdBytes, nameof(grainId));
    }

    private static void Check(string value, int maxBytes, string parameterName)
    {
        // A UTF-8 byte count beyond the limit is certain once the char count alone exceeds it.
        if (value.Length > maxBytes)
        {
            throw TooLong(value.Length, maxBytes, parameterName);
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                throw new ArgumentException($"The {parameterName} contains a NUL character at index {i}.", parameterName);
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException($"The {parameterName} contains an unpaired surrogate at index {i}.", parameterName);
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw TooLong(bytes, maxBytes, parameterName);
        }
    }

    private static ArgumentException TooLong(int length, int maxBytes, string parameterName) =>
        new($"The {parameterName} is {length} bytes or more; the limit is {maxBytes} UTF-8 bytes.", parameterName);
}
