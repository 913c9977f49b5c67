using System.Globalization;
using System.Security.Cryptography;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Row and version ETags are random 64-bit values rather than counters, so a cluster deleted and re-created
/// cannot accept a writer still holding an ETag from before (no ABA).
/// </summary>
internal static class MembershipETag
{
    public static long New()
    {
        Span<byte> bytes = stackalloc byte[8];
        long value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToInt64(bytes);
        }
        while (value == 0);

        return value;
    }

    public static string Format(long value) => value.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>False for anything a table never handed out, so a caller's garbage simply fails the compare.</summary>
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        return text is { Length: 16 }
            && long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            && value != 0;
    }
}
