namespace GrainChain.Ledger.TransactionPool;

/// <summary>A fee per encoded byte, kept as the exact fraction fee / size so comparisons never round.</summary>
public readonly struct FeeRate : IComparable<FeeRate>, IEquatable<FeeRate>
{
    public FeeRate(long feeUnits, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feeUnits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        FeeUnits = feeUnits;
        Size = size;
    }

    public long FeeUnits { get; }
    public int Size { get; }

    /// <summary>Base units per byte, rounded; for display only.</summary>
    public double UnitsPerByte => (double)FeeUnits / Size;

    // Cross-multiplying keeps the comparison exact. Fees up to Amount.MaxUnits (~2^51) times sizes up to 4,096
    // fit a long, which covers every real transaction; anything larger takes the slower 128-bit path.
    public int CompareTo(FeeRate other)
    {
        if ((FeeUnits | other.FeeUnits) <= Primitives.Amount.MaxUnits && (Size | other.Size) <= 4_096)
            return (FeeUnits * other.Size).CompareTo(other.FeeUnits * Size);
        return ((Int128)FeeUnits * other.Size).CompareTo((Int128)other.FeeUnits * Size);
    }

    public bool Equals(FeeRate other) => CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is FeeRate r && Equals(r);
    public override int GetHashCode() => UnitsPerByte.GetHashCode();

    public static bool operator ==(FeeRate a, FeeRate b) => a.CompareTo(b) == 0;
    public static bool operator !=(FeeRate a, FeeRate b) => a.CompareTo(b) != 0;
    public static bool operator <(FeeRate a, FeeRate b) => a.CompareTo(b) < 0;
    public static bool operator >(FeeRate a, FeeRate b) => a.CompareTo(b) > 0;
    public static bool operator <=(FeeRate a, FeeRate b) => a.CompareTo(b) <= 0;
    public static bool operator >=(FeeRate a, FeeRate b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{UnitsPerByte:0.###} units/byte";
}
