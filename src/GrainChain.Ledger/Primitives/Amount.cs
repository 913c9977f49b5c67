namespace GrainChain.Ledger.Primitives;

/// <summary>A non-negative quantity of coin in base units, with overflow-checked arithmetic.</summary>
public readonly record struct Amount : IComparable<Amount>
{
    /// <summary>Base units in one coin.</summary>
    public const long UnitsPerCoin = 100_000_000;

    /// <summary>No amount may exceed the total that can ever exist, so sums of valid amounts never overflow a long.</summary>
    public const long MaxUnits = 21_000_000 * UnitsPerCoin;

    public static readonly Amount Zero = new(0);

    public long Units { get; }

    public Amount(long units)
    {
        if (units is < 0 or > MaxUnits)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"an amount is between 0 and {MaxUnits} units");
        Units = units;
    }

    public static bool IsValid(long units) => units is >= 0 and <= MaxUnits;

    public static Amount FromCoins(decimal coins) => new(checked((long)(coins * UnitsPerCoin)));

    public static Amount operator +(Amount a, Amount b) => new(checked(a.Units + b.Units));

    /// <summary>Subtracts; throws <see cref="OverflowException"/> rather than go below zero.</summary>
    public static Amount operator -(Amount a, Amount b) =>
        a.Units >= b.Units ? new(a.Units - b.Units) : throw new OverflowException($"{a} - {b} is below zero");

    public static bool operator <(Amount a, Amount b) => a.Units < b.Units;
    public static bool operator >(Amount a, Amount b) => a.Units > b.Units;
    public static bool operator <=(Amount a, Amount b) => a.Units <= b.Units;
    public static bool operator >=(Amount a, Amount b) => a.Units >= b.Units;

    public int CompareTo(Amount other) => Units.CompareTo(other.Units);

    /// <summary>Coins with eight decimals, e.g. "12.50000000".</summary>
    public override string ToString() =>
        $"{Units / UnitsPerCoin}.{Units % UnitsPerCoin:D8}";
}
