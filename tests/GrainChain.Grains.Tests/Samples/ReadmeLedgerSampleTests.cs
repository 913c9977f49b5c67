using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Samples;

/// <summary>Runs the README's ledger-node sample as written there (node names made unique for the shared cluster).</summary>
[Collection(NodeClusterCollection.Name)]
public sealed class ReadmeLedgerSampleTests(NodeClusterFixture fixture)
{
    [Fact]
    public async Task The_seed_flow_as_grain_calls_ends_with_alice_on_bobs_chain()
    {
        var client = fixture.Client;
        using var minerKey = KeyPair.Generate();
        var suffix = Guid.NewGuid().ToString("N")[..8];

        // As in the README:
        var a = client.GetGrain<INodeGrain>("alice-" + suffix);
        var b = client.GetGrain<INodeGrain>("bob-" + suffix);
        await a.CreateAsync(new NodeSettings("test", minerKey.Address));
        await b.CreateAsync(new NodeSettings("test", minerKey.Address));
        await a.AddPeerAsync("bob-" + suffix);
        var mined = await b.MineAsync(3);
        var first = await a.ResolveAsync();
        var status = await a.GetStatusAsync();

        Assert.Equal(mined[^1].Hash, first.TipHash);
        Assert.Equal(first.Replaced ? "bob-" + suffix : null, first.FromPeer);
        Assert.Equal(3, status.Height);
        Assert.Equal(["bob-" + suffix], status.Peers.ToArray());
        Assert.False((await a.ResolveAsync()).Replaced);
    }
}
