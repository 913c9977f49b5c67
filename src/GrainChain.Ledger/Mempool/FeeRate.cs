namespace GrainChain.Ledger.Mempool;

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

    // Cross-multiplying in 128 bits keeps the comparison exact for any fee an Amount can hold.
    public int CompareTo(FeeRate other) =>
        ((Int128)FeeUnits * other.Size).CompareTo((Int128)other.FeeUnits * Size);

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
