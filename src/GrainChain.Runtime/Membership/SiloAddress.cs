using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Where a silo listens plus its generation (start time), so a silo restarted on the same endpoint is a different
/// member: votes and directory entries aimed at the old incarnation never hit the new one. Text form: <c>127.0.0.1:11111@123456</c>.
/// </summary>
public sealed record SiloAddress
{
    /// <summary>Longest text form accepted by <see cref="TryParse"/>; anything longer is not an address.</summary>
    public const int MaxTextLength = 96;

    public SiloAddress(IPEndPoint endpoint, long generation)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        Endpoint = endpoint;
        Generation = generation;
    }

    /// <summary>The IP address and port the silo listens on.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Distinguishes incarnations on one endpoint: the silo's start time (ticks or epoch), never reused.</summary>
    public long Generation { get; }

    /// <summary>Parses the text form; throws <see cref="FormatException"/> naming the text when it is not one.</summary>
    public static SiloAddress Parse(string text) =>
        TryParse(text, out var address)
            ? address
            : throw new FormatException($"'{Truncate(text)}' is not a silo address of the form ip:port@generation.");

    /// <summary>Parses the text form without throwing; bounded in length, so untrusted input is safe.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength)
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || !IPEndPoint.TryParse(text.AsSpan(0, at), out var endpoint)
            // IPEndPoint.TryParse accepts a bare address with port 0; a silo always names its port.
            || endpoint.Port == 0
            || !text.AsSpan(0, at).Contains(':'))
        {
            return false;
        }

        address = new SiloAddress(endpoint, generation);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Endpoint}@{Generation}");

    private static string Truncate(string? text) =>
        text is null ? "" : text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";
}
