using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>Every consensus number of one chain, so tests can run the same rules at trivial difficulty.</summary>
public sealed partial record ChainParams
{
    /// <summary>A short name for logs and files ("main", "test", "bitcoin-main").</summary>
    public required string Name { get; init; }

    /// <summary>Signed into every transaction so a transaction of one chain is invalid on another.</summary>
    public required uint ChainId { get; init; }

    /// <summary>The easiest target allowed, in compact form.</summary>
    public required uint PowLimitBits { get; init; }

    /// <summary>Intended seconds between blocks.</summary>
    public required int TargetSpacingSeconds { get; init; }

    /// <summary>Blocks between difficulty adjustments.</summary>
    public required int RetargetInterval { get; init; }

    /// <summary>The measured timespan of an interval is clamped to [T / factor, T * factor].</summary>
    public int RetargetClampFactor { get; init; } = 4;

    /// <summary>When set, every block keeps the genesis bits (a test chain).</summary>
    public bool NoRetargeting { get; init; }

    /// <summary>A header's time must exceed the median of this many previous times.</summary>
    public int MedianTimeSpan { get; init; } = 11;

    /// <summary>A header's time may be at most this far ahead of the validating node's clock.</summary>
    public int MaxFutureDriftSeconds { get; init; } = 2 * 60 * 60;

    /// <summary>The block reward at height 0, halved every <see cref="HalvingInterval"/> blocks.</summary>
    public required Amount InitialReward { get; init; }

    public required int HalvingInterval { get; init; }

    /// <summary>Upper bound on a block's encoded size; decoders refuse anything larger before allocating.</summary>
    public int MaxBlockBytes { get; init; } = 1_000_000;

    /// <summary>Upper bound on the number of transactions in a block, coinbase included.</summary>
    public int MaxBlockTransactions { get; init; } = 10_000;

    /// <summary>The genesis block's header; its merkle root commits to the genesis coinbase of this chain.</summary>
    public required BlockHeader GenesisHeader { get; init; }

    /// <summary>Seconds an interval is meant to take.</summary>
    public long TargetTimespanSeconds => (long)TargetSpacingSeconds * RetargetInterval;

    /// <summary>The reward for a block at <paramref name="height"/>: the initial reward halved once per interval.</summary>
    public Amount RewardAt(long height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var halvings = height / HalvingInterval;
        return halvings >= 63 ? Amount.Zero : new Amount(InitialReward.Units >> (int)halvings);
    }

    /// <summary>Bitcoin's main-network header rules, used to check real headers (its genesis is Bitcoin's).</summary>
    public static ChainParams BitcoinMain { get; } = new()
    {
        Name = "bitcoin-main",
        ChainId = 0,
        PowLimitBits = 0x1d00ffff,
        TargetSpacingSeconds = 600,
        RetargetInterval = 2016,
        InitialReward = new Amount(50 * Amount.UnitsPerCoin),
        HalvingInterval = 210_000,
        GenesisHeader = new BlockHeader(
            1,
            Hash256.Zero,
            Hash256.Parse("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
            1231006505,
            0x1d00ffff,
            2083236893),
    };
}
