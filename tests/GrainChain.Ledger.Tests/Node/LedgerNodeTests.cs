using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Node;

public sealed class LedgerNodeTests : IDisposable
{
    private static readonly ChainParams Rules = ChainParams.Test;
    private readonly SignatureVerifier _signatures = new();
    private readonly ManualClock _clock = new(TestBlocks.ClockFor(Rules));
    private readonly ProofOfWorkMiner _miner = new(new MinerOptions { WorkerCount = 1 });
    private readonly KeyPair _alice = KeyPair.Generate();
    private readonly KeyPair _bob = KeyPair.Generate();

    private LedgerNode NewNode() => new(Rules, new InMemoryBlockStore(Rules), _signatures, _clock);

    [Fact]
    public async Task A_mined_template_extends_the_tip_and_empties_the_mempool()
    {
        var node = NewNode();
        await node.MineBlockAsync(_miner, _alice.Address, CancellationToken.None);
        var transfer = TestBlocks.Transfer(Rules, _alice, _bob.Address, 1_000, 50, 0);
        Assert.True(node.SubmitTransaction(transfer).IsAccepted);

        var result = await node.MineBlockAsync(_miner, _alice.Address, CancellationToken.None);

        Assert.Equal(BlockAcceptanceKind.ExtendedTip, result.Kind);
        Assert.Equal(2, node.State.Height);
        Assert.Contains(transfer, node.State.GetBlockAtHeight(2)!.Transactions);
        Assert.Equal(0, node.Mempool.Count);
        Assert.Equal(new Amount(1_000), node.State.Accounts.BalanceOf(_bob.Address));
    }

    [Fact]
    public async Task A_reorganisation_returns_the_orphaned_transfer_to_the_mempool()
    {
        var node = NewNode();
        var rival = NewNode();
        // Both nodes share block 1, which funds Alice.
        var first = await node.MineBlockAsync(_miner, _alice.Address, CancellationToken.None);
        Assert.True(rival.SubmitBlock(node.State.GetBlockAtHeight(1)!).TipChanged);

        var transfer = TestBlocks.Transfer(Rules, _alice, _bob.Address, 1_000, 50, 0);
        node.SubmitTransaction(transfer);
        await node.MineBlockAsync(_miner, _alice.Address, CancellationToken.None);
        Assert.Equal(0, node.Mempool.Count);

        // The rival mines two empty blocks on block 1: more work, so the node switches to that branch.
        await rival.MineBlockAsync(_miner, _bob.Address, CancellationToken.None);
        await rival.MineBlockAsync(_miner, _bob.Address, CancellationToken.None);
        BlockAcceptance last = null!;
        for (long h = 2; h <= rival.State.Height; h++) last = node.SubmitBlock(rival.State.GetBlockAtHeight(h)!);

        Assert.Equal(BlockAcceptanceKind.Reorganized, last.Kind);
        Assert.Equal(rival.State.Tip.Hash, node.State.Tip.Hash);
        Assert.True(node.Mempool.Contains(transfer.Id));
        Assert.Equal(Rules.RewardAt(2) + Rules.RewardAt(3), node.State.Accounts.BalanceOf(_bob.Address));
        Assert.Equal(first.TipHash, node.State.GetBlockAtHeight(1)!.Hash);
    }

    [Fact]
    public void A_template_never_goes_back_in_time_when_the_clock_lags()
    {
        var node = NewNode();
        _clock.Now = DateTimeOffset.FromUnixTimeSeconds(Rules.GenesisHeader.Time - 1_000);

        var template = node.CreateTemplate(_alice.Address);

        Assert.True(template.Header.Time > Rules.GenesisHeader.Time);
        Assert.Equal(1, (long)template.Coinbase.Nonce);
        Assert.Equal(Rules.RewardAt(1), template.Coinbase.Amount);
    }

    [Fact]
    public void Undecodable_block_bytes_are_rejected_without_changing_the_tip()
    {
        var node = NewNode();
        var tip = node.State.Tip.Hash;

        var result = node.SubmitBlock(new byte[] { 1, 2, 3 });

        Assert.Equal(BlockAcceptanceKind.Invalid, result.Kind);
        Assert.Equal(tip, node.State.Tip.Hash);
    }

    public void Dispose()
    {
        _signatures.Dispose();
        _alice.Dispose();
        _bob.Dispose();
    }
}
