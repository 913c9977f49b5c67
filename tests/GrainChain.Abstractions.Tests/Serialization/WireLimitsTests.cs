using GrainChain.Abstractions.Serialization;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>The wire admits exactly what the most generous chain profile admits.</summary>
public sealed class WireLimitsTests
{
    private static readonly ChainParams[] Profiles = [ChainParams.Main, ChainParams.Test, ChainParams.BitcoinMain];

    [Fact]
    public void The_block_byte_limit_is_the_largest_profile_limit()
    {
        Assert.Equal(Profiles.Max(p => p.MaxBlockBytes), WireLimits.MaxBlockBytes);
        Assert.All(Profiles, p => Assert.True(p.MaxBlockBytes <= WireLimits.MaxBlockBytes));
    }

    [Fact]
    public void The_block_transaction_limit_is_the_largest_profile_limit()
    {
        Assert.Equal(Profiles.Max(p => p.MaxBlockTransactions), WireLimits.MaxBlockTransactions);
        Assert.All(Profiles, p => Assert.True(p.MaxBlockTransactions <= WireLimits.MaxBlockTransactions));
    }
}
