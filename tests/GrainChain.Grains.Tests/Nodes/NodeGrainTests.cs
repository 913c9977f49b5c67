using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Nodes;

[Collection(NodeClusterCollection.Name)]
public sealed class NodeGrainTests(NodeClusterFixture fixture)
{
    private static readonly Amount Reward = ChainParams.Test.InitialReward;

    private INodeGrain NewNode() => fixture.Client.GetGrain<INodeGrain>("node-" + Guid.NewGuid().ToString("N")[..12]);

    private static Transaction Transfer(KeyPair from, Address to, long coins, ulong nonce) =>
        TransactionSigner.Sign(
            Transaction.CreateTransfer(ChainParams.Test.ChainId, from.PublicKey, to, new Amount(coins * Amount.UnitsPerCoin),
                new Amount(10_000), nonce),
            from);

    [Fact]
    public async Task A_node_never_created_is_a_clear_error()
    {
        var node = NewNode();

        var error = await Assert.ThrowsAsync<NodeNotFoundException>(node.GetStatusAsync);
        Assert.Contains(node.GetPrimaryKeyString(), error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NodeNotFoundException>(() => node.MineAsync(1));
    }

    [Fact]
    public async Task A_new_node_stands_at_the_genesis_block_of_its_profile()
    {
        using var miner = KeyPair.Generate();
        var node = NewNode();

        var status = await node.CreateAsync(new NodeSettings("test", miner.Address));

        Assert.Equal(0, status.Height);
        Assert.Equal(ChainParams.Test.GenesisHeader.ComputeHash(), status.TipHash);
        Assert.Equal("test", status.Profile);
        Assert.Equal(status, await node.CreateAsync(new NodeSettings("TEST", miner.Address)));
    }

    [Fact]
    public async Task Creating_a_node_again_with_other_settings_or_an_unknown_profile_is_refused()
    {
        using var miner = KeyPair.Generate();
        using var other = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));

        await Assert.ThrowsAsync<NodeConflictException>(() => node.CreateAsync(new NodeSettings("test", other.Address)));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => NewNode().CreateAsync(new NodeSettings("bitcoin", miner.Address)));
        Assert.Contains("bitcoin", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mining_extends_the_chain_and_pays_the_miner()
    {
        using var miner = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));

        var mined = await node.MineAsync(3);

        Assert.Equal([1L, 2L, 3L], mined.Select(m => m.Height));
        var page = await node.GetChainAsync(0, 10);
        Assert.Equal(4, page.Length);
        Assert.Equal(mined.Select(m => m.Hash), page.Blocks.Skip(1).Select(b => b.Hash));
        var account = await node.GetAccountAsync(miner.Address);
        Assert.Equal(new Amount(3 * Reward.Units), account.Balance);
        Assert.Equal(mined[1].Hash, (await node.GetBlockAtHeightAsync(2))!.Hash);
    }

    [Fact]
    public async Task A_signed_transfer_is_pending_then_mined()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        await node.MineAsync(1);

        var transfer = Transfer(miner, friend.Address, 7, nonce: 0);
        var submission = await node.SubmitTransactionAsync(transfer);

        Assert.True(submission.Accepted, submission.Message);
        Assert.Equal(transfer.Id, submission.TransactionId);
        Assert.Equal(1, (await node.GetStatusAsync()).PendingTransactions);
        var block = (await node.MineAsync(1)).Single();
        Assert.Equal(2, block.Transactions);
        Assert.Equal(new Amount(7 * Amount.UnitsPerCoin), (await node.GetAccountAsync(friend.Address)).Balance);
        Assert.Equal(1UL, (await node.GetAccountAsync(miner.Address)).NextNonce);
        Assert.Equal(transfer.Id, (await node.GetTransactionAsync(transfer.Id))!.Id);
        Assert.Equal(0, (await node.GetStatusAsync()).PendingTransactions);
    }

    [Fact]
    public async Task A_forged_or_unfunded_transfer_is_rejected_with_its_reason_and_changes_nothing()
    {
        using var miner = KeyPair.Generate();
        using var thief = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        await node.MineAsync(1);
        var before = await node.GetStatusAsync();

        // The miner's coins, signed by someone else.
        var unsigned = Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey, thief.Address,
            new Amount(Amount.UnitsPerCoin), new Amount(10_000), 0);
        var forged = unsigned.WithSignature(thief.SignHash(unsigned.SigningHash));
        var unfunded = Transfer(thief, miner.Address, 1, nonce: 0);

        var forgedResult = await node.SubmitTransactionAsync(forged);
        var unfundedResult = await node.SubmitTransactionAsync(unfunded);

        Assert.False(forgedResult.Accepted);
        Assert.Equal("BadSignature", forgedResult.Reason);
        Assert.False(unfundedResult.Accepted);
        Assert.Equal("InsufficientFunds", unfundedResult.Reason);
        Assert.Equal(before, await node.GetStatusAsync());
    }

    [Fact]
    public async Task A_reactivated_node_has_its_chain_and_pending_transactions()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        await node.MineAsync(5);
        var transfer = Transfer(miner, friend.Address, 3, nonce: 0);
        Assert.True((await node.SubmitTransactionAsync(transfer)).Accepted);
        var before = await node.GetStatusAsync();

        await fixture.Cluster.DeactivateAsync(node);
        var after = await node.GetStatusAsync();

        Assert.Equal(before, after);
        Assert.Equal(transfer.Id, (await node.GetTransactionAsync(transfer.Id))!.Id);
        var mined = (await node.MineAsync(1)).Single();
        Assert.Equal(6, mined.Height);
        Assert.Equal(new Amount(3 * Amount.UnitsPerCoin), (await node.GetAccountAsync(friend.Address)).Balance);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 501)]
    public async Task A_bad_chain_page_is_refused(long fromHeight, int count)
    {
        using var miner = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => node.GetChainAsync(fromHeight, count));
        Assert.Null(await node.GetBlockAtHeightAsync(-1));
        Assert.Null(await node.GetBlockAtHeightAsync(5));
        Assert.Null(await node.GetBlockAsync(Hash256.Parse(new string('d', 64))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_001)]
    public async Task Mining_a_bad_number_of_blocks_is_refused(int blocks)
    {
        using var miner = KeyPair.Generate();
        var node = NewNode();
        await node.CreateAsync(new NodeSettings("test", miner.Address));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => node.MineAsync(blocks));
    }

    [Fact]
    public async Task Created_nodes_are_listed_once_in_creation_order()
    {
        using var miner = KeyPair.Generate();
        var first = NewNode();
        var second = NewNode();
        await first.CreateAsync(new NodeSettings("test", miner.Address));
        await second.CreateAsync(new NodeSettings("test", miner.Address));
        await first.CreateAsync(new NodeSettings("test", miner.Address));

        var registry = fixture.Client.GetGrain<INodeRegistryGrain>(0);
        var all = await registry.ListAsync(0, 1_000);

        var mine = all.Names.Where(n => n == first.GetPrimaryKeyString() || n == second.GetPrimaryKeyString()).ToList();
        Assert.Equal([first.GetPrimaryKeyString(), second.GetPrimaryKeyString()], mine);
        Assert.Equal(all.Names.Count, all.Total);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => registry.ListAsync(0, 0));
    }
}
