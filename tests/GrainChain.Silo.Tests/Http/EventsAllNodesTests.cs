using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using GrainChain.Abstractions.Nodes;
using static GrainChain.Silo.Tests.Http.EventsSocket;
using static GrainChain.Silo.Tests.Http.GatewayFixture;

namespace GrainChain.Silo.Tests.Http;

/// <summary>
/// <c>/events</c> without <c>node</c>: every node's tips on one connection. The collection's other tests mine too, so
/// each test looks only for its own nodes' tips among what arrives.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class EventsAllNodesTests(EventsFixture fixture)
{
    private static CancellationTokenSource Deadline() => new(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Tips_of_two_nodes_arrive_on_one_connection_each_naming_its_node()
    {
        var (alpha, beta) = (await fixture.CreateNodeAsync(), await fixture.CreateNodeAsync());
        using var deadline = Deadline();
        using var socket = await fixture.WebSockets().ConnectAsync(fixture.EventsUri(""), deadline.Token);

        var mined = new Dictionary<string, MinedBlock>
        {
            [alpha] = (await fixture.Grains.GetGrain<INodeGrain>(alpha).MineAsync(1, deadline.Token))[0],
            [beta] = (await fixture.Grains.GetGrain<INodeGrain>(beta).MineAsync(1, deadline.Token))[0],
        };

        var tips = new Dictionary<string, JsonObject>();
        while (tips.Count < 2)
        {
            var message = await ReceiveJsonAsync(socket, deadline.Token);
            // Only tips travel on the all-nodes feed, and each says whose it is.
            Assert.Equal("tip", (string?)message["type"]);
            Assert.False(string.IsNullOrEmpty((string?)message["node"]));
            if (mined.ContainsKey((string)message["node"]!)) tips[(string)message["node"]!] = message;
        }

        foreach (var (node, block) in mined)
        {
            var tip = tips[node];
            Assert.Equal(block.Hash.ToString(), (string?)tip["hash"]);
            Assert.Equal(1, (long)tip["height"]!);
            Assert.False(string.IsNullOrEmpty((string?)tip["work"]));
            Assert.Equal(block.Transactions, (int)tip["txs"]!);
            Assert.Equal(1, (int)tip["connected"]!);
            Assert.Equal(0, (int)tip["disconnected"]!);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
    }

    [Fact]
    public async Task A_node_feed_still_carries_only_that_node()
    {
        var (watched, other) = (await fixture.CreateNodeAsync(), await fixture.CreateNodeAsync());
        using var deadline = Deadline();
        using var socket = await fixture.WebSockets().ConnectAsync(fixture.EventsUri($"?node={watched}"), deadline.Token);

        // The other node's blocks come first each time: were they on this feed, they would be read before the watched tip.
        for (var height = 1; height <= 2; height++)
        {
            await fixture.Grains.GetGrain<INodeGrain>(other).MineAsync(1, deadline.Token);
            await fixture.Grains.GetGrain<INodeGrain>(watched).MineAsync(1, deadline.Token);
            await NextTipOfAsync(socket, watched, height, deadline.Token, message => Assert.Equal(watched, (string?)message["node"]));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
    }

    [Fact]
    public async Task A_slow_client_of_every_node_is_dropped_and_the_others_are_still_served()
    {
        var name = await fixture.CreateNodeAsync();
        using var deadline = Deadline();
        var before = fixture.Hub.Subscriptions;
        using var reader = await fixture.WebSockets().ConnectAsync(fixture.EventsUri(""), deadline.Token);
        using var stalled = await fixture.WebSockets(stall: true).ConnectAsync(fixture.EventsUri(""), deadline.Token);
        Assert.Equal(before + 2, fixture.Hub.Subscriptions);

        // Twice the queue: one message held in the stalled send, the queue full, then the overflow. They are mined
        // half a queue at a time, each step read by the reader before the next: the reader is never a queue behind,
        // however slowly this machine runs it, while the stalled client falls further behind at every step.
        var blocks = 2 * EventsFixture.QueueCapacity + 2;
        var heights = new List<long>();
        for (var mined = 0; mined < blocks;)
        {
            var step = Math.Min(EventsFixture.QueueCapacity / 2, blocks - mined);
            var mine = await fixture.Client.PostAsync($"/api/nodes/{name}/mine?blocks={step}", null);
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            mined += step;
            await NextTipOfAsync(reader, name, mined, deadline.Token, message =>
            {
                if ((string?)message["node"] == name) heights.Add((long)message["height"]!);
            });
        }

        var result = await stalled.ReceiveAsync(new byte[4096], deadline.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        Assert.Equal(before + 1, fixture.Hub.Subscriptions);
        await stalled.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);

        // The reader that kept up got every tip, the last included.
        Assert.Equal(Enumerable.Range(1, blocks).Select(h => (long)h), heights);
        await reader.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
        Assert.Equal(before, fixture.Hub.Subscriptions);
    }
}
