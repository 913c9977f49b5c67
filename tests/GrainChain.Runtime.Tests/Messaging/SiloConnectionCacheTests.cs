using System.Net;
using GrainChain.Runtime.Messaging;
using GrainChain.TestingHost;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class SiloConnectionCacheTests
{
    private static MessageHeader Request(long callId) => new()
    {
        Kind = MessageKind.Request, CallId = callId, Target = new GrainId(new GrainType("echo"), "x"),
    };

    [Fact]
    public async Task Concurrent_callers_share_one_connection()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();

        var connections = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask()));

        Assert.All(connections, c => Assert.Same(connections[0], c));
        Assert.True(a.Cache.TryGetConnection(b.Address, out var cached));
        Assert.Same(connections[0], cached);
        Assert.Equal(b.Address, cached.RemoteSilo);
        Assert.False(cached.IsInbound);
    }

    [Fact]
    public async Task A_silo_that_connected_to_us_is_answered_over_its_own_connection()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var outbound = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        outbound.Send(Request(1), []);
        var inbound = (await b.Handler.NextAsync()).Connection;

        var back = await b.Cache.GetConnectionAsync(a.Address, CancellationToken.None);
        back.Send(Request(2), []);

        Assert.Same(inbound, back);
        Assert.Same(outbound, (await a.Handler.NextAsync()).Connection);
    }

    [Fact]
    public async Task After_the_remote_restarts_the_cache_backs_off_then_reconnects()
    {
        var clock = new ManualTimeProvider();
        await using var a = TestSilo.Start(time: clock, configure: o => { o.ReconnectBackoffInitial = TimeSpan.FromSeconds(1); o.ReconnectBackoffMax = TimeSpan.FromSeconds(3); });
        var b = TestSilo.Start();
        var endpoint = b.Listener.LocalEndPoint!;
        var first = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);

        await b.DisposeAsync();
        Assert.IsType<ConnectionClosedException>(await a.Handler.ClosedAsync(first));
        Assert.False(a.Cache.TryGetConnection(b.Address, out _));

        // Down: the attempt fails, and until the back-off passes no new attempt is made.
        var down = await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask());
        Assert.Contains("Could not connect", down.Message);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        var waiting = await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask());
        Assert.Contains("next attempt in", waiting.Message);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask());
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Contains("next attempt in", (await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask())).Message);

        // The same silo comes back on the same endpoint (a new listener): the next attempt after the back-off connects.
        await using var restarted = TestSilo.Start(bindTo: endpoint, generation: b.Address.Generation);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        second.Send(Request(7), []);

        Assert.NotSame(first, second);
        Assert.Equal(7, (await restarted.Handler.NextAsync()).Header.CallId);
    }

    [Fact]
    public async Task Back_off_stops_growing_at_the_maximum()
    {
        var clock = new ManualTimeProvider();
        await using var a = TestSilo.Start(time: clock, configure: o => { o.ReconnectBackoffInitial = TimeSpan.FromSeconds(1); o.ReconnectBackoffMax = TimeSpan.FromSeconds(2); });
        var gone = TestSilo.Start();
        var address = gone.Address;
        await gone.DisposeAsync();

        for (int attempt = 0; attempt < 4; attempt++)
        {
            var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(address, CancellationToken.None).AsTask());
            Assert.Contains("Could not connect", failure.Message);
            clock.Advance(TimeSpan.FromSeconds(2));
        }
        // Every attempt above really tried (an uncapped 4 s back-off would have said "next attempt in" at 6 s).
        var last = await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(address, CancellationToken.None).AsTask());
        Assert.Contains("Could not connect", last.Message);
    }

    [Fact]
    public async Task A_silo_marked_dead_is_cut_off_and_refused_both_ways()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        connection.Send(Request(1), []);
        var inbound = (await b.Handler.NextAsync()).Connection;

        a.Cache.MarkDead(b.Address);

        var reason = await a.Handler.ClosedAsync(connection);
        await b.Handler.ClosedAsync(inbound);
        Assert.Contains("declared dead", reason?.Message);
        Assert.True(a.Cache.IsMarkedDead(b.Address));
        Assert.False(a.Cache.TryGetConnection(b.Address, out _));
        Assert.Contains("marked dead", (await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask())).Message);
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => b.Cache.GetConnectionAsync(a.Address, CancellationToken.None).AsTask());
        Assert.Contains("declared dead", Assert.IsType<ConnectionRefusedException>(refused.InnerException).Message);
        Assert.Contains(b.Address.ToString(), (await a.Logs.WaitForAsync(e => e.EventId == 3401)).Message);
    }

    [Fact]
    public async Task Asking_for_a_connection_to_itself_is_a_caller_error()
    {
        await using var a = TestSilo.Start();

        await Assert.ThrowsAsync<ArgumentException>(() => a.Cache.GetConnectionAsync(a.Address, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_caller_can_stop_waiting_for_a_connect()
    {
        await using var a = TestSilo.Start();
        using var blackHole = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        // A listener that never accepts keeps the handshake pending, so the caller's token is what ends the wait.
        blackHole.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blackHole.Listen(1);
        var target = new GrainChain.Runtime.Membership.SiloAddress((IPEndPoint)blackHole.LocalEndPoint!, 1);
        using var cancel = new CancellationTokenSource();

        var waiting = a.Cache.GetConnectionAsync(target, cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TestWait.Safety));
    }
}
