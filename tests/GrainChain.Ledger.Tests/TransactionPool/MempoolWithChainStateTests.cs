using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.TransactionPool;

using GrainChain.Ledger.TransactionPool;

/// <summary>The mempool and template builder against the real chain state and block validation of the test chain.</summary>
public sealed class MempoolWithChainStateTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();
    private readonly Address _miner = Address.Parse("0123456789abcdef0123456789abcdef01234567");

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
        _node.Dispose();
    }

    [Fact]
    public void A_mined_template_is_accepted_by_the_chain_and_a_reorganisation_returns_its_transfers()
    {
        _node.AcceptAll(TestBlocks.Branch(_node.Chain, _node.Genesis, 1, miner: _alice.Address));
        _node.AcceptAll(TestBlocks.Branch(_node.Chain, _node.Tip, 1, miner: _bob.Address));
        var forkPoint = _node.Tip;
        var pool = new Mempool(_node.Chain.ChainId, new MempoolOptions(), _node.Verifier, _node.State.Accounts);
        var transfers = new[]
        {
            TestBlocks.Transfer(_node.Chain, _alice, _bob.Address, 1_000, 50, 0),
            TestBlocks.Transfer(_node.Chain, _alice, _bob.Address, 1_000, 900, 1),
            TestBlocks.Transfer(_node.Chain, _bob, _alice.Address, 5_000, 400, 0),
        };
        foreach (var tx in transfers) Assert.Equal(MempoolAdmissionOutcome.Added, pool.Add(tx).Outcome);

        var mined = MineTemplate(pool);
        var extended = _node.Accept(mined);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, extended.Kind);
        Assert.Equal([transfers[2], transfers[0], transfers[1]], mined.Transactions.Skip(1));
        Assert.Empty(pool.OnChainChanged(extended, _node.State.Accounts));
        Assert.Equal(0, pool.Count);

        // A longer branch from the fork point takes over: the three transfers come back in order.
        var rival = TestBlocks.Branch(_node.Chain, forkPoint, 2, extraNonce: 7);
        Assert.Equal(BlockAcceptanceKind.SideBranch, _node.Accept(rival[0]).Kind);
        var reorganised = _node.Accept(rival[1]);
        Assert.Equal(BlockAcceptanceKind.Reorganized, reorganised.Kind);

        Assert.Empty(pool.OnChainChanged(reorganised, _node.State.Accounts));
        Assert.Equal([transfers[0], transfers[1]], pool.PendingOf(_alice.Address));
        Assert.Equal([transfers[2]], pool.PendingOf(_bob.Address));

        var again = _node.Accept(MineTemplate(pool));
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, again.Kind);
        pool.OnChainChanged(again, _node.State.Accounts);
        Assert.Equal(0, pool.Count);
        Assert.Equal(2UL, _node.State.Accounts.NextNonceOf(_alice.Address));
    }

    private Block MineTemplate(Mempool pool)
    {
        var tip = _node.Tip;
        var template = new BlockTemplateBuilder(_node.Chain).Build(
            tip.Hash, _node.State.Height + 1, tip.Header.Bits, tip.Header.Time + (uint)_node.Chain.TargetSpacingSeconds, _miner, pool);
        return TestBlocks.Mine(template.Header, template.Transactions.Insert(0, template.Coinbase));
    }
}
