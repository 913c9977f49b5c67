using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using GrainChain.Abstractions.Nodes;
using Xunit.Abstractions;
using static GrainChain.Silo.Tests.Http.GatewayFixture;

namespace GrainChain.Silo.Tests.Http;

[Collection(EventsCollection.Name)]
public sealed class EventsTests(EventsFixture fixture, ITestOutputHelper output)
{
    private static CancellationTokenSource Deadline() => new(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task A_connected_client_gets_the_tip_of_a_mined_block()
    {
        var name = await fixture.CreateNodeAsync();
        using var deadline = Deadline();
        using var socket = await fixture.WebSockets().ConnectAsync(fixture.EventsUri($"?node={name}"), deadline.Token);

        var mined = await BodyAsync(await fixture.Client.PostAsync($"/api/nodes/{name}/mine", null));
        var block = mined["blocks"]![0]!;

        var tip = await NextTipAsync(socket, (long)block["height"]!, deadline.Token);
        Assert.Equal(name, (string?)tip["node"]);
        Assert.Equal((string?)block["hash"], (string?)tip["hash"]);
        Assert.Equal(1, (long)tip["height"]!);
        Assert.False(string.IsNullOrEmpty((string?)tip["work"]));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_dropped_and_the_silo_carries_on()
    {
        var name = await fixture.CreateNodeAsync();
        using var deadline = Deadline();
        var before = fixture.Hub.Subscriptions;
        using var socket = await fixture.WebSockets(stall: true).ConnectAsync(fixture.EventsUri($"?node={name}"), deadline.Token);
        Assert.Equal(before + 1, fixture.Hub.Subscriptions);

        // Twice the queue: one message held in the stalled send, the queue full, then the overflow.
        var blocks = 2 * EventsFixture.QueueCapacity + 2;
        var mine = await fixture.Client.PostAsync($"/api/nodes/{name}/mine?blocks={blocks}", null);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);

        var result = await socket.ReceiveAsync(new byte[4096], deadline.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, result.CloseStatus);
        // The server unsubscribes before it sends the close frame.
        Assert.Equal(before, fixture.Hub.Subscriptions);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);

        var status = await BodyAsync(await fixture.Client.GetAsync($"/api/nodes/{name}"));
        Assert.Equal(blocks, (long)status["height"]!);
    }

    [Fact]
    public async Task An_unknown_node_is_refused_before_the_upgrade()
    {
        using var deadline = Deadline();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            fixture.WebSockets().ConnectAsync(fixture.EventsUri("?node=no-such-node-here"), deadline.Token));
        Assert.Contains("404", refused.Message);
        // Without node the feed is every node's; an empty node is a mistake, not "every node".
        var empty = await Assert.ThrowsAnyAsync<Exception>(() =>
            fixture.WebSockets().ConnectAsync(fixture.EventsUri("?node="), deadline.Token));
        Assert.Contains("400", empty.Message);
    }

    [Fact]
    public async Task A_plain_request_is_a_problem()
    {
        var name = await fixture.CreateNodeAsync();
        await ProblemAsync(await fixture.Client.GetAsync($"/events?node={name}"), HttpStatusCode.BadRequest, "upgrade");
    }

    /// <summary>Not a timing assertion: reports the delay from MineAsync returning to the tip reaching the client.</summary>
    [Fact]
    public async Task Tip_latency_is_reported()
    {
        const int Blocks = 20;
        var name = await fixture.CreateNodeAsync();
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        using var deadline = Deadline();
        using var socket = await fixture.WebSockets().ConnectAsync(fixture.EventsUri($"?node={name}"), deadline.Token);

        var delays = new List<double>(Blocks);
        for (var i = 0; i < Blocks; i++)
        {
            var mined = await node.MineAsync(1, deadline.Token);
            var returned = Stopwatch.GetTimestamp();
            var tip = await NextTipAsync(socket, mined[0].Height, deadline.Token);
            delays.Add(Stopwatch.GetElapsedTime(returned).TotalMilliseconds);
            Assert.Equal(mined[0].Hash.ToString(), (string?)tip["hash"]);
        }

        delays.Sort();
        var line = $"events tip latency over {Blocks} blocks: p50 {delays[Blocks / 2]:F1} ms, p90 {delays[Blocks * 9 / 10]:F1} ms, max {delays[^1]:F1} ms";
        output.WriteLine(line);
        Console.WriteLine(line);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
    }

    /// <summary>Reads messages until the tip at <paramref name="height"/> (earlier tips and transactions are skipped).</summary>
    private static async Task<JsonObject> NextTipAsync(WebSocket socket, long height, CancellationToken cancellation)
    {
        while (true)
        {
            var message = await EventsSocket.ReceiveJsonAsync(socket, cancellation);
            if ((string?)message["type"] == "tip" && (long)message["height"]! >= height) return message;
            Assert.Contains((string?)message["type"], new[] { "tip", "transactions" });
        }
    }
}
