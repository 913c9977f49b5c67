using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Peers;
using GrainChain.Grains.Tests.Support;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>Peer links (scores, bans and their end, mempool catch-up), node names, and continuous mining.</summary>
[Collection(NodeClusterCollection.Name)]
public sealed class LinkAndMiningTests(NodeClusterFixture fixture)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private async Task<INodeGrain> CreateAsync(Address miner)
    {
        var node = fixture.Client.GetGrain<INodeGrain>("link-" + Guid.NewGuid().ToString("N")[..12]);
        await node.CreateAsync(new NodeSettings("test", miner));
        return node;
    }

    [Fact]
    public async Task A_ban_ends_after_its_duration_on_the_ledger_clock_and_a_new_lie_bans_again()
    {
        using var alice = KeyPair.Generate();
        var honest = await CreateAsync(alice.Address);
        await honest.MineAsync(1);
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        await fixture.Client.GetGrain<ILiarGrain>(liar).ServeAsync(TestBlocks.Unmine(TestBlocks.Next(ChainParams.Test, (await honest.GetBlockAtHeightAsync(1))!)), "999999999999");
        await honest.AddPeerAsync(liar);
        Assert.True(Assert.Single((await honest.ResolveAsync()).PeerErrors).Banned);
        var banned = Assert.Single(await honest.GetPeerLinksAsync());
        Assert.Equal(PeerScoring.BanThreshold, banned.Score);
        Assert.Contains("InvalidHeaders", banned.LastOffence, StringComparison.Ordinal);

        NodeClusterFixture.Clock.Advance(new PeerOptions().BanDuration + TimeSpan.FromMinutes(1));

        Assert.Empty((await honest.GetStatusAsync()).BannedPeers);
        var link = Assert.Single(await honest.GetPeerLinksAsync());
        Assert.Null(link.BannedUntil);
        Assert.Equal(0, link.Score);
        // Out of its ban the peer is asked again, and the same lie bans it again.
        var again = Assert.Single((await honest.ResolveAsync()).PeerErrors);
        Assert.True(again.Banned);
        Assert.DoesNotContain("banned until", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announcing_transactions_it_does_not_have_scores_a_peer_without_banning_it()
    {
        using var alice = KeyPair.Generate();
        var honest = await CreateAsync(alice.Address);
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        // It claims no work, so the only thing held against it is what it announces.
        await fixture.Client.GetGrain<ILiarGrain>(liar).ServeAsync((await honest.GetBlockAtHeightAsync(0))!, "0");
        await honest.AddPeerAsync(liar);

        await fixture.Client.GetGrain<ILiarGrain>(liar).AnnounceAsync(new NodeAnnouncement(liar, Hash256.Zero, 0, "0")
        {
            TransactionIds = [Hash256.Parse(new string('e', 64))],
        });

        var links = await Poll.UntilAsync(honest.GetPeerLinksAsync, l => l.Single().Score > 0, Bound);
        var link = Assert.Single(links!);
        Assert.Equal(PeerScoring.PointsFor(PeerOffence.AnnouncedMissing), link.Score);
        Assert.Null(link.BannedUntil);
        Assert.Contains("AnnouncedMissing", link.LastOffence, StringComparison.Ordinal);
        Assert.Empty((await honest.GetStatusAsync()).BannedPeers);
    }

    public static TheoryData<string, PeerOffence, bool> RelayLies => new()
    {
        { "unreadable-work", PeerOffence.MalformedAnnouncement, false },
        { "other-transaction", PeerOffence.WrongData, true },
        { "forged-signature", PeerOffence.InvalidTransaction, false },
    };

    [Theory]
    [MemberData(nameof(RelayLies))]
    public async Task A_peer_relaying_what_no_honest_node_would_is_scored_by_what_it_did(string lie, PeerOffence offence, bool banned)
    {
        using var alice = KeyPair.Generate();
        using var bob = KeyPair.Generate();
        var honest = await CreateAsync(alice.Address);
        await honest.MineAsync(1);
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        var control = fixture.Client.GetGrain<ILiarGrain>(liar);
        await control.ServeAsync((await honest.GetBlockAtHeightAsync(0))!, "0");
        await honest.AddPeerAsync(liar);
        var genuine = TestBlocks.Transfer(ChainParams.Test, alice, bob.Address, 1_000, 10_000, 0);
        var forged = Transaction.CreateTransfer(ChainParams.Test.ChainId, alice.PublicKey, bob.Address, new Amount(2_000), new Amount(10_000), 0)
            .WithSignature(genuine.Signature);
        var announcement = new NodeAnnouncement(liar, Hash256.Zero, 0, lie == "unreadable-work" ? "lots" : "0");

        switch (lie)
        {
            case "other-transaction":
                await control.ServeTransactionAsync(genuine);
                announcement = announcement with { TransactionIds = [forged.Id] };
                break;
            case "forged-signature":
                await control.ServeTransactionAsync(forged);
                announcement = announcement with { TransactionIds = [forged.Id] };
                break;
        }

        await control.AnnounceAsync(announcement);

        var links = await Poll.UntilAsync(honest.GetPeerLinksAsync, l => l.Single().Score > 0, Bound);
        var link = Assert.Single(links!);
        Assert.Equal(PeerScoring.PointsFor(offence), link.Score);
        Assert.Contains(offence.ToString(), link.LastOffence, StringComparison.Ordinal);
        Assert.Equal(banned, link.BannedUntil is not null);
        // Nothing the liar relayed reached the honest node's mempool.
        Assert.Equal(0, (await honest.GetStatusAsync()).PendingTransactions);
    }

    [Fact]
    public async Task A_new_peer_link_takes_the_peers_tip_and_what_it_already_has_pending()
    {
        using var alice = KeyPair.Generate();
        using var bob = KeyPair.Generate();
        var a = await CreateAsync(alice.Address);
        var b = await CreateAsync(bob.Address);
        await a.MineAsync(1);
        // A new link catches up with the peer's tip at once, as a node sends its chain on connect.
        await b.AddPeerAsync(a.GetPrimaryKeyString());
        Assert.NotNull(await Poll.UntilAsync(b.GetStatusAsync, s => s.Height == 1, Bound));
        await b.RemovePeerAsync(a.GetPrimaryKeyString());
        var transfer = TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, alice.PublicKey, bob.Address,
            new Amount(Amount.UnitsPerCoin), new Amount(10_000), 0), alice);
        Assert.True((await a.SubmitTransactionAsync(transfer)).Accepted);

        // Announced while B was not listening: only the catch-up on a new link brings it.
        await b.AddPeerAsync(a.GetPrimaryKeyString());

        Assert.NotNull(await Poll.UntilAsync(b.GetStatusAsync, s => s.PendingTransactions == 1, Bound));
        Assert.Equal(transfer.Id, (await b.GetTransactionAsync(transfer.Id))?.Id);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("a->b")]
    [InlineData("é")]
    [InlineData("this-name-is-sixty-five-characters-long-which-is-one-too-many-xyz")]
    public async Task A_name_that_could_not_travel_in_a_url_or_link_key_is_refused(string name)
    {
        using var alice = KeyPair.Generate();
        var good = await CreateAsync(alice.Address);

        var create = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<INodeGrain>(name).CreateAsync(new NodeSettings("test", alice.Address)));
        var peer = await Assert.ThrowsAsync<ArgumentException>(() => good.AddPeerAsync(name));

        Assert.Contains("not a node name", create.Message, StringComparison.Ordinal);
        Assert.Contains("not a node name", peer.Message, StringComparison.Ordinal);
        Assert.Contains("not a node name", (await Assert.ThrowsAsync<ArgumentException>(() => good.AddPeerAsync(""))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuous_mining_runs_until_stopped_while_the_node_and_others_keep_answering()
    {
        using var alice = KeyPair.Generate();
        var miner = await CreateAsync(alice.Address);
        var other = await CreateAsync(alice.Address);

        await miner.StartMiningAsync();
        await miner.StartMiningAsync();
        Assert.True((await miner.GetStatusAsync()).Mining);
        // The miner's own reads and another node's writes are served while it mines.
        Assert.NotNull(await Poll.UntilAsync(miner.GetStatusAsync, s => s.Height >= 5, Bound));
        Assert.Single(await other.MineAsync(1));
        var mined = await miner.StopMiningAsync();
        var stopped = await miner.GetStatusAsync();

        Assert.False(stopped.Mining);
        Assert.Equal(stopped.Height, mined);
        Assert.Equal(0, await miner.StopMiningAsync());
        // Stopped means stopped: the next block is the one asked for.
        Assert.Equal(stopped.Height + 1, (await miner.MineAsync(1)).Single().Height);
    }
}
