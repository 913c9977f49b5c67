using System.Numerics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Tests.Support;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>A peer that serves a block breaking one rule is refused with that rule's reason and banned; honest peers still win.</summary>
[Collection(NodeClusterCollection.Name)]
public sealed class LyingPeerTests(NodeClusterFixture fixture)
{
    private static readonly ChainParams Chain = ChainParams.Test;

    public static TheoryData<string> Lies => ["BadSignature", "InsufficientProofOfWork", "CoinbaseOverpays", "WrongChainId", "NonceReusedInBlock"];

    private static Block Lie(string lie, Block parent, KeyPair funded, Address to) => lie switch
    {
        "BadSignature" => TestBlocks.Next(Chain, parent, [Transaction.CreateTransfer(Chain.ChainId, funded.PublicKey, to,
            new Amount(Amount.UnitsPerCoin * 40), new Amount(10), 0).WithSignature(TestBlocks.Transfer(Chain, funded, to, 1_000, 10, 0).Signature)]),
        "InsufficientProofOfWork" => TestBlocks.Unmine(TestBlocks.Next(Chain, parent)),
        "CoinbaseOverpays" => TestBlocks.Next(Chain, parent, coinbaseUnits: Chain.RewardAt(2).Units * 2),
        "WrongChainId" => TestBlocks.Next(Chain, parent, [TestBlocks.Transfer(ChainParams.Main, funded, to, 1_000, 10, 0)]),
        "NonceReusedInBlock" => TestBlocks.Next(Chain, parent,
            [TestBlocks.Transfer(Chain, funded, to, 1_000, 10, 0), TestBlocks.Transfer(Chain, funded, to, 2_000, 10, 0)]),
        _ => throw new ArgumentOutOfRangeException(nameof(lie), lie, "unknown lie"),
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task A_lying_peer_is_refused_with_the_rule_it_broke_and_banned(string lie)
    {
        using var alice = KeyPair.Generate();
        using var bob = KeyPair.Generate();
        var honest = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await honest.CreateAsync(new NodeSettings("test", alice.Address));
        await honest.MineAsync(1);
        var parent = (await honest.GetBlockAtHeightAsync(1))!;
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        var before = await honest.GetStatusAsync();
        var block = Lie(lie, parent, alice, bob.Address);
        // The liar claims exactly the work its block would add, so only the broken rule can give it away.
        await fixture.Client.GetGrain<ILiarGrain>(liar).ServeAsync(block, WorkAfter(before, block));

        await honest.AddPeerAsync(liar);
        var result = await honest.ResolveAsync();

        Assert.False(result.Replaced);
        var error = Assert.Single(result.PeerErrors);
        Assert.Equal(liar, error.Peer);
        Assert.True(error.Banned);
        Assert.Contains(lie, error.Error, StringComparison.Ordinal);
        var after = await honest.GetStatusAsync();
        Assert.Equal(before.TipHash, after.TipHash);
        Assert.Equal(liar, Assert.Single(after.BannedPeers));
        var again = await honest.ResolveAsync();
        Assert.Contains("banned until", Assert.Single(again.PeerErrors).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_with_a_liar_and_an_honest_peer_takes_the_honest_chain()
    {
        using var alice = KeyPair.Generate();
        var a = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        var b = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await a.CreateAsync(new NodeSettings("test", alice.Address));
        await b.CreateAsync(new NodeSettings("test", alice.Address));
        var bTip = (await b.MineAsync(3)).Last().Hash;
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        await fixture.Client.GetGrain<ILiarGrain>(liar).ServeAsync(TestBlocks.Unmine(TestBlocks.Next(Chain, (await b.GetBlockAtHeightAsync(0))!)), "999999999999");

        await a.AddPeerAsync(liar);
        await a.AddPeerAsync(b.GetPrimaryKeyString());
        var result = await a.ResolveAsync();

        // B's latest announcement reaches A as it subscribes, so gossip may have taken B's chain before the resolve.
        Assert.Equal(bTip, result.TipHash);
        if (result.Replaced) Assert.Equal(b.GetPrimaryKeyString(), result.FromPeer);
        Assert.Contains(result.PeerErrors, e => e.Peer == liar && e.Banned);
    }

    [Fact]
    public async Task Transactions_announced_but_not_served_are_ignored_and_the_node_goes_on()
    {
        using var alice = KeyPair.Generate();
        var honest = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await honest.CreateAsync(new NodeSettings("test", alice.Address));
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        await honest.AddPeerAsync(liar);

        // The liar's GetTransactionAsync throws; its announcement claims no more work than genesis.
        await fixture.Client.GetGrain<ILiarGrain>(liar).AnnounceAsync(new NodeAnnouncement(liar, Hash256.Zero, 0, "0")
        {
            TransactionIds = [Hash256.Parse(new string('b', 64)), Hash256.Parse(new string('c', 64))],
        });
        // A later announcement from an honest peer is still handled: the node was not stopped by the lie.
        var friend = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await friend.CreateAsync(new NodeSettings("test", alice.Address));
        await honest.AddPeerAsync(friend.GetPrimaryKeyString());
        var tip = (await friend.MineAsync(1)).Single().Hash;

        Assert.NotNull(await Poll.UntilAsync(honest.GetStatusAsync, s => s.TipHash == tip, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, (await honest.GetStatusAsync()).PendingTransactions);
    }

    [Fact]
    public async Task A_peer_that_claims_work_it_cannot_serve_is_banned()
    {
        using var alice = KeyPair.Generate();
        var honest = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await honest.CreateAsync(new NodeSettings("test", alice.Address));
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];

        await honest.AddPeerAsync(liar);
        var result = await honest.ResolveAsync();

        var error = Assert.Single(result.PeerErrors);
        Assert.True(error.Banned);
        Assert.Contains("claimed work", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_whose_headers_add_less_work_than_it_claimed_is_banned_before_any_block_is_fetched()
    {
        using var alice = KeyPair.Generate();
        var (honest, parent, before) = await HonestNodeAsync(alice);
        var liar = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        // A valid block, but a claim of twice the work it brings; and its body is withheld, so a fetch would fail.
        var block = TestBlocks.Next(Chain, parent);
        await fixture.Client.GetGrain<ILiarGrain>(liar).ServeAsync(block, (BigInteger.Parse(WorkAfter(before, block)) * 2).ToString(), withholdBody: true);

        await honest.AddPeerAsync(liar);
        var result = await honest.ResolveAsync();

        var error = Assert.Single(result.PeerErrors);
        Assert.True(error.Banned);
        Assert.Contains("headers add up to", error.Error, StringComparison.Ordinal);
        Assert.Equal(before.TipHash, (await honest.GetStatusAsync()).TipHash);
    }

    [Fact]
    public async Task A_peer_that_no_longer_has_a_block_fails_at_once_and_is_not_banned()
    {
        using var alice = KeyPair.Generate();
        var (honest, parent, before) = await HonestNodeAsync(alice);
        var peer = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        var block = TestBlocks.Next(Chain, parent);
        await fixture.Client.GetGrain<ILiarGrain>(peer).ServeAsync(block, WorkAfter(before, block), withholdBody: true);

        await honest.AddPeerAsync(peer);
        var result = await honest.ResolveAsync();

        var error = Assert.Single(result.PeerErrors);
        Assert.False(error.Banned);
        Assert.Contains($"no longer has block {block.Hash}", error.Error, StringComparison.Ordinal);
        Assert.Empty((await honest.GetStatusAsync()).BannedPeers);
    }

    [Fact]
    public async Task A_peer_that_stops_answering_mid_download_is_reported_within_the_timeout_and_not_banned()
    {
        using var alice = KeyPair.Generate();
        var (honest, parent, before) = await HonestNodeAsync(alice);
        var peer = LiarAwarePeerDirectory.Prefix + Guid.NewGuid().ToString("N")[..12];
        var block = TestBlocks.Next(Chain, parent);
        await fixture.Client.GetGrain<ILiarGrain>(peer).ServeAsync(block, WorkAfter(before, block), hangOnBody: true);

        await honest.AddPeerAsync(peer);
        var result = await honest.ResolveAsync();

        var error = Assert.Single(result.PeerErrors);
        Assert.False(error.Banned);
        Assert.Contains("stopped answering mid-download", error.Error, StringComparison.Ordinal);
        Assert.Equal(before.TipHash, result.TipHash);
        // The node still answers and still mines after the stalled download.
        Assert.Equal(2, (await honest.MineAsync(1)).Single().Height);
    }

    private async Task<(INodeGrain Node, Block Tip, NodeStatus Status)> HonestNodeAsync(KeyPair miner)
    {
        var honest = fixture.Client.GetGrain<INodeGrain>("honest-" + Guid.NewGuid().ToString("N")[..12]);
        await honest.CreateAsync(new NodeSettings("test", miner.Address));
        await honest.MineAsync(1);
        return (honest, (await honest.GetBlockAtHeightAsync(1))!, await honest.GetStatusAsync());
    }

    private static string WorkAfter(NodeStatus status, Block block) =>
        (BigInteger.Parse(status.CumulativeWork) + ProofOfWork.WorkFor(block.Header.Bits)).ToString();
}
