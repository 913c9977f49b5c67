using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Nodes;

[Collection(NodeClusterCollection.Name)]
public sealed class PeerTests(NodeClusterFixture fixture)
{
    private async Task<INodeGrain> CreateAsync(Address miner, string profile = "test")
    {
        var node = fixture.Client.GetGrain<INodeGrain>("peer-" + Guid.NewGuid().ToString("N")[..12]);
        await node.CreateAsync(new NodeSettings(profile, miner));
        return node;
    }

    [Fact]
    public async Task The_seed_flow_register_mine_resolve_takes_the_peers_chain_then_is_authoritative()
    {
        using var key = KeyPair.Generate();
        var a = await CreateAsync(key.Address);
        var b = await CreateAsync(key.Address);

        Assert.Equal([b.GetPrimaryKeyString()], await a.AddPeerAsync(b.GetPrimaryKeyString()));
        var bTip = (await b.MineAsync(3)).Last().Hash;
        var first = await a.ResolveAsync();
        var second = await a.ResolveAsync();

        // B's announcements may bring its chain to A before A's resolve asks (gossip is the point of them); either
        // way A ends on B's chain, and a resolve that took it says so and from whom.
        Assert.Equal(bTip, first.TipHash);
        if (first.Replaced)
        {
            Assert.Equal(b.GetPrimaryKeyString(), first.FromPeer);
            Assert.True(first.Connected is > 0 and <= 3);
        }

        Assert.False(second.Replaced);
        Assert.Null(second.FromPeer);
        Assert.Equal(bTip, second.TipHash);
        Assert.Empty(second.PeerErrors);
    }

    [Fact]
    public async Task A_lighter_fork_reorganises_and_its_mined_transfer_returns_to_the_mempool()
    {
        using var minerA = KeyPair.Generate();
        using var minerB = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var a = await CreateAsync(minerA.Address);
        var b = await CreateAsync(minerB.Address);
        await a.MineAsync(1);
        var transfer = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, minerA.PublicKey,
            friend.Address, new Amount(Amount.UnitsPerCoin), new Amount(10_000), 0), minerA);
        Assert.True((await a.SubmitTransactionAsync(transfer)).Accepted);
        await a.MineAsync(1);
        Assert.Equal(0, (await a.GetStatusAsync()).PendingTransactions);
        var bTip = (await b.MineAsync(4)).Last().Hash;

        await a.AddPeerAsync(b.GetPrimaryKeyString());
        var result = await a.ResolveAsync();

        // A new subscriber receives the peer's latest announcement, so gossip may have reorganised A first.
        Assert.Equal(bTip, result.TipHash);
        if (result.Replaced)
        {
            Assert.Equal(2, result.Disconnected);
            Assert.Equal(4, result.Connected);
        }

        // A's coins came from its own lost branch, so the transfer cannot be re-admitted on B's chain: it waits
        // nowhere, but it was not silently mined either; the friend has nothing on the winning chain.
        Assert.Equal(Amount.Zero, (await a.GetAccountAsync(friend.Address)).Balance);
        Assert.Equal(Amount.Zero, (await a.GetAccountAsync(minerA.Address)).Balance);
    }

    [Fact]
    public async Task A_mined_block_reaches_every_node_of_a_ring_through_announcements()
    {
        using var key = KeyPair.Generate();
        var nodes = new List<INodeGrain>();
        for (var i = 0; i < 6; i++) nodes.Add(await CreateAsync(key.Address));
        for (var i = 0; i < nodes.Count; i++)
        {
            await nodes[i].AddPeerAsync(nodes[(i + 1) % nodes.Count].GetPrimaryKeyString());
            await nodes[i].AddPeerAsync(nodes[(i + nodes.Count - 1) % nodes.Count].GetPrimaryKeyString());
        }

        var mined = (await nodes[0].MineAsync(2)).Last();

        foreach (var node in nodes)
        {
            var status = await Poll.UntilAsync(node.GetStatusAsync, s => s.TipHash == mined.Hash, TimeSpan.FromSeconds(30));
            Assert.True(status is not null, $"{node.GetPrimaryKeyString()} did not reach {mined.Hash}");
        }
    }

    [Fact]
    public async Task A_transaction_reaches_every_mempool_and_any_node_can_mine_it()
    {
        using var miner = KeyPair.Generate();
        using var friend = KeyPair.Generate();
        var nodes = new List<INodeGrain>();
        for (var i = 0; i < 4; i++) nodes.Add(await CreateAsync(miner.Address));
        for (var i = 0; i < nodes.Count; i++)
        {
            await nodes[i].AddPeerAsync(nodes[(i + 1) % nodes.Count].GetPrimaryKeyString());
            await nodes[(i + 1) % nodes.Count].AddPeerAsync(nodes[i].GetPrimaryKeyString());
        }

        var funded = (await nodes[0].MineAsync(1)).Single().Hash;
        foreach (var node in nodes) Assert.NotNull(await Poll.UntilAsync(node.GetStatusAsync, s => s.TipHash == funded, TimeSpan.FromSeconds(30)));
        var transfer = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, miner.PublicKey,
            friend.Address, new Amount(5 * Amount.UnitsPerCoin), new Amount(10_000), 0), miner);

        Assert.True((await nodes[0].SubmitTransactionAsync(transfer)).Accepted);
        foreach (var node in nodes)
            Assert.NotNull(await Poll.UntilAsync(() => node.GetStatusAsync(), s => s.PendingTransactions == 1, TimeSpan.FromSeconds(30)));
        var block = (await nodes[2].MineAsync(1)).Single();

        Assert.Equal(2, block.Transactions);
        foreach (var node in nodes)
        {
            Assert.NotNull(await Poll.UntilAsync(node.GetStatusAsync, s => s.TipHash == block.Hash && s.PendingTransactions == 0, TimeSpan.FromSeconds(30)));
            Assert.Equal(new Amount(5 * Amount.UnitsPerCoin), (await node.GetAccountAsync(friend.Address)).Balance);
        }
    }

    [Fact]
    public async Task Bad_peers_are_refused_with_a_reason()
    {
        using var key = KeyPair.Generate();
        var a = await CreateAsync(key.Address);
        var main = await CreateAsync(key.Address, "main");

        var self = await Assert.ThrowsAsync<ArgumentException>(() => a.AddPeerAsync(a.GetPrimaryKeyString()));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => a.AddPeerAsync("no-such-node"));
        var otherChain = await Assert.ThrowsAsync<ArgumentException>(() => a.AddPeerAsync(main.GetPrimaryKeyString()));

        Assert.Contains("own peer", self.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-node", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("chain", otherChain.Message, StringComparison.Ordinal);
        Assert.Empty(await a.GetPeersAsync());
        await Assert.ThrowsAsync<NodeNotFoundException>(() => fixture.Client.GetGrain<INodeGrain>("never-made").ResolveAsync());
    }

    [Fact]
    public async Task Several_peers_are_added_all_or_none()
    {
        using var key = KeyPair.Generate();
        var a = await CreateAsync(key.Address);
        var b = await CreateAsync(key.Address);
        var c = await CreateAsync(key.Address);
        var main = await CreateAsync(key.Address, "main");
        string[] good = [b.GetPrimaryKeyString(), c.GetPrimaryKeyString()];

        var otherChain = await Assert.ThrowsAsync<PeerRejectedException>(() => a.AddPeersAsync([.. good, main.GetPrimaryKeyString()]));
        var unknown = await Assert.ThrowsAsync<PeerRejectedException>(() => a.AddPeersAsync([good[0], "no-such-node", good[1]]));

        Assert.Equal((2, main.GetPrimaryKeyString()), (otherChain.Index, otherChain.Peer));
        Assert.Contains("peers share a chain", otherChain.Message, StringComparison.Ordinal);
        Assert.Equal((1, "no-such-node"), (unknown.Index, unknown.Peer));
        var missing = await Assert.ThrowsAsync<PeerRejectedException>(() => a.AddPeersAsync([good[0], null!]));
        Assert.Equal(1, missing.Index);
        var tooMany = await Assert.ThrowsAsync<PeerRejectedException>(() => a.AddPeersAsync([.. Enumerable.Repeat(good[0], 101)]));
        Assert.Contains("at most 100 peers", tooMany.Message, StringComparison.Ordinal);
        Assert.Empty(await a.GetPeersAsync());

        Assert.Equal(good, await a.AddPeersAsync([.. good, good[0]]));
        Assert.Equal(good, await a.AddPeersAsync(good));
        var tip = (await b.MineAsync(2)).Last().Hash;
        Assert.Equal(tip, (await a.ResolveAsync()).TipHash);
    }

    [Fact]
    public async Task A_peer_is_served_headers_after_its_locator_and_blocks_by_hash_within_bounds()
    {
        using var key = KeyPair.Generate();
        var node = await CreateAsync(key.Address);
        var mined = await node.MineAsync(5);

        var afterSecond = await node.GetHeadersAfterAsync([mined[1].Hash, ChainParams.Test.GenesisHeader.ComputeHash()], 2);
        var unknownLocator = await node.GetHeadersAfterAsync([Hash256.Parse(new string('a', 64))], 100);
        var unknown = Hash256.Parse(new string('d', 64));
        var blocks = await node.GetBlocksAsync([mined[4].Hash, unknown, mined[0].Hash]);

        Assert.Equal(mined.Skip(2).Take(2).Select(m => m.Hash), afterSecond.Select(h => h.ComputeHash()));
        Assert.Equal(mined.Select(m => m.Hash), unknownLocator.Select(h => h.ComputeHash()));
        // "Don't have" is an answer, in place: the caller knows at once which block this node lacks.
        Assert.Equal([mined[4].Hash, (Hash256?)null, mined[0].Hash], blocks.Select(b => b?.Hash));
        await Assert.ThrowsAsync<ArgumentException>(() => node.GetHeadersAfterAsync(Enumerable.Repeat(mined[0].Hash, 1_000).ToList(), 10));
        await Assert.ThrowsAsync<ArgumentException>(() => node.GetBlocksAsync(Enumerable.Repeat(mined[0].Hash, 501).ToList()));
    }

    [Fact]
    public async Task Two_nodes_may_add_each_other_at_the_same_time()
    {
        using var key = KeyPair.Generate();
        var a = await CreateAsync(key.Address);
        var b = await CreateAsync(key.Address);

        var added = await Task.WhenAll(a.AddPeerAsync(b.GetPrimaryKeyString()), b.AddPeerAsync(a.GetPrimaryKeyString()));

        Assert.Equal([b.GetPrimaryKeyString()], added[0]);
        Assert.Equal([a.GetPrimaryKeyString()], added[1]);
    }

    [Fact]
    public async Task Removing_a_peer_stops_following_it()
    {
        using var key = KeyPair.Generate();
        var a = await CreateAsync(key.Address);
        var b = await CreateAsync(key.Address);
        await a.AddPeerAsync(b.GetPrimaryKeyString());

        Assert.Empty(await a.RemovePeerAsync(b.GetPrimaryKeyString()));
        await b.MineAsync(2);
        var result = await a.ResolveAsync();

        Assert.False(result.Replaced);
        Assert.Equal(0, (await a.GetStatusAsync()).Height);
    }
}
