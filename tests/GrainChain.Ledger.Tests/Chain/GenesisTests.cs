using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Tests.Chain;

public class GenesisTests
{
    public static TheoryData<string> Profiles => new() { "main", "test" };

    private static ChainParams Profile(string name) => name == "main" ? ChainParams.Main : ChainParams.Test;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Genesis_block_matches_the_profile_header_and_meets_its_bits(string name)
    {
        var chain = Profile(name);
        var genesis = GenesisBlock.Create(chain);

        Assert.Equal(chain.GenesisHeader, genesis.Header);
        Assert.True(genesis.Header.PreviousHash.IsZero);
        Assert.Equal(chain.PowLimitBits, genesis.Header.Bits);
        Assert.True(ProofOfWork.MeetsTarget(genesis.Hash, genesis.Header.Bits));
        Assert.Equal(genesis.ComputeMerkleRoot(), genesis.Header.MerkleRoot);
        var coinbase = Assert.Single(genesis.Transactions);
        Assert.True(coinbase.IsCoinbase);
        Assert.Equal(0ul, coinbase.Nonce);
        Assert.Equal(chain.ChainId, coinbase.ChainId);
        Assert.Equal(chain.RewardAt(0), coinbase.Amount);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Genesis_block_passes_the_context_free_rules(string name)
    {
        var chain = Profile(name);
        using var verifier = new SignatureVerifier();
        var result = new ContextFreeBlockValidator(chain, verifier).Validate(GenesisBlock.Create(chain));
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void Main_genesis_is_the_same_block_on_every_build()
    {
        // Fixed by the profile's constants; a change here forks the main chain.
        Assert.Equal("00000fda0ab7150928595438085a2a4c874d59947f6714d1e6ca2c7031e9f3fe", GenesisBlock.Create(ChainParams.Main).Hash.ToString());
    }

    [Fact]
    public void Profiles_are_distinct_chains()
    {
        Assert.NotEqual(ChainParams.Main.ChainId, ChainParams.Test.ChainId);
        Assert.NotEqual(ChainParams.Main.GenesisHeader.ComputeHash(), ChainParams.Test.GenesisHeader.ComputeHash());
        Assert.False(ChainParams.Main.NoRetargeting);
        Assert.True(ChainParams.Main.RetargetInterval <= 2016);
        Assert.True(ChainParams.Test.NoRetargeting);
        Assert.Equal(0x207fffffu, ChainParams.Test.PowLimitBits);
    }

    [Fact]
    public void Main_reward_schedule_never_exceeds_the_supply_cap()
    {
        var chain = ChainParams.Main;
        decimal total = 0;
        for (var halving = 0; halving < 64; halving++)
            total += (decimal)chain.RewardAt((long)halving * chain.HalvingInterval).Units * chain.HalvingInterval;
        Assert.True(total <= Amount.MaxUnits, $"{total} units");
        Assert.Equal(Amount.Zero, chain.RewardAt(64L * chain.HalvingInterval));
    }

    [Fact]
    public void A_header_that_does_not_commit_to_the_genesis_coinbase_is_refused()
    {
        var chain = ChainParams.Test with { GenesisHeader = ChainParams.Test.GenesisHeader with { MerkleRoot = Hash256.Zero } };
        Assert.Throws<InvalidOperationException>(() => GenesisBlock.Create(chain));
    }

    [Fact]
    public void A_new_chain_state_starts_at_genesis_with_the_genesis_reward_unspendable()
    {
        using var node = new TestNode();
        Assert.Equal(0, node.State.Height);
        Assert.Equal(ChainParams.Test.GenesisHeader.ComputeHash(), node.State.Tip.Hash);
        Assert.Equal(ChainParams.Test.RewardAt(0), node.State.Accounts.BalanceOf(Address.Zero));
        Assert.Equal(BlockStatus.StateValid, node.State.Tip.Status);
        Assert.Equal(ProofOfWork.WorkFor(ChainParams.Test.PowLimitBits), node.State.Tip.CumulativeWork);
    }
}
