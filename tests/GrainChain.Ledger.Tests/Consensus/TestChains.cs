using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Tests.Consensus;

/// <summary>Chains at trivial difficulty (about one hash in two meets 0x207fffff) whose headers tests mine on the spot.</summary>
internal static class TestChains
{
    public const uint EasyBits = 0x207fffff;
    public const uint GenesisTime = 1_700_000_000;

    public static ChainParams Easy(int retargetInterval = 8, int spacing = 600) => new()
    {
        Name = "test-easy",
        ChainId = 77,
        PowLimitBits = EasyBits,
        TargetSpacingSeconds = spacing,
        RetargetInterval = retargetInterval,
        InitialReward = new Amount(50 * Amount.UnitsPerCoin),
        HalvingInterval = 150,
        GenesisHeader = Mine(new BlockHeader(1, Hash256.Zero, Hash256.Zero, GenesisTime, EasyBits, 0)),
    };

    /// <summary>The first nonce from the header's own that meets its bits.</summary>
    public static BlockHeader Mine(BlockHeader header)
    {
        while (!ProofOfWork.MeetsTarget(header.ComputeHash(), header.Bits))
            header = header with { Nonce = header.Nonce + 1 };
        return header;
    }

    /// <summary>The first nonce from the header's own that does not meet its bits.</summary>
    public static BlockHeader Unmine(BlockHeader header)
    {
        while (ProofOfWork.MeetsTarget(header.ComputeHash(), header.Bits))
            header = header with { Nonce = header.Nonce + 1 };
        return header;
    }

    /// <summary>A mined header on top of <paramref name="headers"/> with the given time and bits.</summary>
    public static BlockHeader Next(IReadOnlyList<BlockHeader> headers, uint time, uint bits) =>
        Mine(new BlockHeader(1, headers[^1].ComputeHash(), Hash256.Zero, time, bits, 0));

    /// <summary>Genesis plus <paramref name="count"/> headers spaced <paramref name="spacing"/> seconds apart, each with the bits the rules require.</summary>
    public static List<BlockHeader> Build(ChainParams chain, int count, uint spacing)
    {
        var headers = new List<BlockHeader> { chain.GenesisHeader };
        for (var height = 1; height <= count; height++)
        {
            var bits = DifficultyRules.RequiredBits(chain, height, headers[^1], h => headers[(int)h]);
            headers.Add(Next(headers, headers[^1].Time + spacing, bits));
        }
        return headers;
    }
}
