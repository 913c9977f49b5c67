namespace GrainChain.Ledger.Json;

/// <summary>Bounds for reading untrusted JSON; the block's transaction limit is given per call, as consensus sets it.</summary>
public sealed record LedgerJsonLimits
{
    /// <summary>The defaults: generous for every legitimate document, small enough for hostile ones.</summary>
    public static readonly LedgerJsonLimits Default = new();

    /// <summary>The canonical shapes nest three deep (block, transaction list, transaction).</summary>
    public int MaxDepth { get; init; } = 8;

    /// <summary>
    /// Longest string or property name accepted, 128 to 4,096; the longest legitimate one is a 128-digit signature.
    /// Strings are unescaped on the stack, hence the upper bound.
    /// </summary>
    public int MaxStringLength { get; init; } = 256;

    /// <summary>Largest document accepted, in UTF-8 bytes.</summary>
    public int MaxInputBytes { get; init; } = 16 * 1024 * 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStringLength, 128);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxStringLength, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputBytes, 1);
    }
}
