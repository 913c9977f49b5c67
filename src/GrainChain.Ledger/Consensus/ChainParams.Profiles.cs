using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Consensus;

/// <summary>GrainChain's own chain profiles: the main chain and a trivially minable test chain.</summary>
public sealed partial record ChainParams
{
    // 2026-01-01T00:00:00Z: both genesis blocks carry it so their hashes never depend on the build machine.
    private const uint GenesisTime = 1_767_225_600;

    /// <summary>
    /// GrainChain's main chain: one block a minute, retargeting twice a day, a 10-coin reward halving about every
    /// two years. The easiest target needs about a million hashes (a fraction of a second on one core), so a
    /// few CPU nodes can mine it and retargeting raises the difficulty as hash power joins.
    /// </summary>
    public static ChainParams Main { get; } = new()
    {
        Name = "main",
        ChainId = 0x4743_4D4E, // "GCMN"
        PowLimitBits = 0x1e0f_ffff,
        TargetSpacingSeconds = 60,
        RetargetInterval = 720,
        InitialReward = new Amount(10 * Amount.UnitsPerCoin),
        HalvingInterval = 1_050_000,
        // Found once with GenesisBlock.FindNonce; a test checks it still meets the bits.
        GenesisHeader = GenesisBlock.CreateHeader(
            0x4743_4D4E, new Amount(10 * Amount.UnitsPerCoin), GenesisTime, 0x1e0f_ffff, nonce: MainGenesisNonce),
    };

    private const uint MainGenesisNonce = 515_306;

    /// <summary>
    /// A regression-test chain: Bitcoin regtest's trivial bits (about two hashes per block), no retargeting,
    /// a 50-coin reward halving every 150 blocks. Its genesis nonce is searched when the profile is first used.
    /// </summary>
    public static ChainParams Test { get; } = new()
    {
        Name = "test",
        ChainId = 0x4743_5453, // "GCTS"
        PowLimitBits = 0x207f_ffff,
        TargetSpacingSeconds = 1,
        RetargetInterval = 2016,
        NoRetargeting = true,
        InitialReward = new Amount(50 * Amount.UnitsPerCoin),
        HalvingInterval = 150,
        GenesisHeader = MineGenesisHeader(0x4743_5453, new Amount(50 * Amount.UnitsPerCoin), 0x207f_ffff),
    };

    private static BlockHeader MineGenesisHeader(uint chainId, Amount reward, uint bits)
    {
        var header = GenesisBlock.CreateHeader(chainId, reward, GenesisTime, bits, nonce: 0);
        return header with { Nonce = GenesisBlock.FindNonce(header) };
    }
}
