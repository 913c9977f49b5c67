using System.Buffers.Binary;
using System.Net;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.TestingHost;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class ConnectionListenerTests
{
    private const int RefusedEvent = 3401;
    private const int HandshakeFailedEvent = 3402;
    private const int ProtocolViolationEvent = 3404;
    private const int HandshakeStartedEvent = 3412;

    private static readonly SiloAddress Stranger = SiloAddress.Parse("127.0.0.1:1@1");

    private static MessageHeader Request(long callId) => new()
    {
        Kind = MessageKind.Request, CallId = callId, Target = new GrainId(new GrainType("echo"), "x"),
    };

    /// <summary>Checks a connection made before the bad peer still works both ways afterwards.</summary>
    private static async Task AssertStillServes(TestSilo a, TestSilo b, Connection healthy, long callId)
    {
        healthy.Send(Request(callId), "still here"u8);
        var reply = await a.Handler.NextAsync();
        Assert.Equal(callId, reply.Header.CallId);
        Assert.False(healthy.IsClosed);
        var fresh = await b.CreateFactory().ConnectToGatewayAsync(b.Listener.LocalEndPoint!, Guid.NewGuid(), a.Handler, CancellationToken.None);
        Assert.True(await fresh.PingAsync(TestWait.Safety, CancellationToken.None));
        await fresh.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_cluster_id_is_refused_and_logged()
    {
        await using var b = TestSilo.Start(clusterId: "ours");
        await using var other = TestSilo.Start(clusterId: "theirs");

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => other.Cache.GetConnectionAsync(b.Address, CancellationToken.None).AsTask());

        var refused = Assert.IsType<ConnectionRefusedException>(failure.InnerException);
        Assert.Contains("cluster id 'theirs'", refused.Message);
        var log = await b.Logs.WaitForAsync(e => e.EventId == RefusedEvent);
        Assert.Contains("theirs", log.Message);
    }

    [Fact]
    public async Task A_wrong_protocol_version_is_refused_and_logged()
    {
        await using var b = TestSilo.Start();
        using var peer = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);

        Assert.False(await peer.HandshakeAsync(b.Options.ClusterId, Stranger, b.Address, version: 99));

        Assert.Contains("protocol version 99", peer.LastReply!.RefusalReason);
        Assert.Empty(await peer.ReceiveUntilClosedAsync());
        Assert.Contains("version 99", (await b.Logs.WaitForAsync(e => e.EventId == RefusedEvent)).Message);
    }

    [Fact]
    public async Task A_connection_meant_for_another_generation_is_refused()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var previous = new SiloAddress(b.Address.Endpoint, b.Address.Generation - 1);

        var failure = await Assert.ThrowsAsync<ConnectionRefusedException>(() => a.CreateFactory().ConnectToSiloAsync(previous, a.Address, a.Handler, CancellationToken.None));

        Assert.Contains("generation", failure.Message);
        Assert.Contains(previous.ToString(), (await b.Logs.WaitForAsync(e => e.EventId == RefusedEvent)).Message);
    }

    [Fact]
    public async Task Clients_connect_on_the_same_port_and_are_told_the_gateway_s_address()
    {
        await using var gateway = TestSilo.Start(echo: true);
        var clientHandler = new RecordingHandler();
        var clientId = Guid.NewGuid();
        var accepted = new TaskCompletionSource<Connection>(TaskCreationOptions.RunContinuationsAsynchronously);
        gateway.Listener.ConnectionAccepted += c => accepted.TrySetResult(c);

        var connection = await gateway.CreateFactory().ConnectToGatewayAsync(gateway.Listener.LocalEndPoint!, clientId, clientHandler, CancellationToken.None);
        connection.Send(Request(9), "ping"u8);

        Assert.Equal(gateway.Address, connection.RemoteSilo);
        var reply = await clientHandler.NextAsync();
        Assert.Equal(9, reply.Header.CallId);
        var inbound = await accepted.Task.WaitAsync(TestWait.Safety);
        Assert.Equal(clientId, inbound.RemoteClientId);
        Assert.Equal(ConnectionRole.Client, inbound.RemoteRole);
        Assert.Null(inbound.RemoteSilo);
        await connection.CloseAsync();
    }

    [Fact]
    public async Task Garbage_bytes_drop_only_that_socket()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start(echo: true);
        var healthy = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        using var peer = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);

        await peer.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        await peer.ReceiveUntilClosedAsync();
        Assert.Contains("magic", (await b.Logs.WaitForAsync(e => e.EventId == HandshakeFailedEvent)).Message);
        await AssertStillServes(a, b, healthy, 1);
    }

    [Fact]
    public async Task A_silent_peer_is_dropped_after_the_handshake_timeout()
    {
        // The listener's clock is manual, so only the silent peer's handshake runs out of time, exactly when told.
        var clock = new ManualTimeProvider();
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start(echo: true, time: clock, configure: o => o.HandshakeTimeout = TimeSpan.FromSeconds(2));
        var healthy = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        using var peer = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);
        await peer.SendAsync("GC"u8.ToArray());
        await b.Logs.WaitForAsync(e => e.EventId == HandshakeStartedEvent && e.Message.Contains(peer.LocalEndPoint));

        clock.Advance(TimeSpan.FromSeconds(2));

        await peer.ReceiveUntilClosedAsync();
        Assert.Contains("no complete handshake within 00:00:02", (await b.Logs.WaitForAsync(e => e.EventId == HandshakeFailedEvent)).Message);
        await AssertStillServes(a, b, healthy, 2);
    }

    [Fact]
    public async Task Sockets_beyond_the_pending_handshake_limit_are_dropped_at_once()
    {
        await using var b = TestSilo.Start(configure: o => o.MaxPendingHandshakes = 1);
        using var first = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);
        await first.SendAsync("GC"u8.ToArray());
        // The first socket holds the only slot until its (5 s) handshake timeout; the accept order is not certain,
        // so wait for one socket to be dropped, whichever it is.
        using var second = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);

        var dropped = await Task.WhenAny(first.ReceiveUntilClosedAsync(), second.ReceiveUntilClosedAsync());

        Assert.Empty(await dropped);
        Assert.Contains("already in their handshake", (await b.Logs.WaitForAsync(e => e.EventId == HandshakeFailedEvent)).Message);
    }

    public static TheoryData<string, byte[]> BrokenFrames => new()
    {
        { "over the limit", Frame(frameLength: int.MaxValue, headerLength: 3) },
        { "too short", Frame(frameLength: 1, headerLength: 0) },
        { "does not fit", Frame(frameLength: 10, headerLength: 9) },
        { "header length 9000 is over the limit", Frame(frameLength: 20_000, headerLength: 9000) },
        { "kind", Frame(frameLength: 5, headerLength: 3, 77, 0, 1) },
    };

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public async Task A_broken_frame_after_the_handshake_drops_only_that_connection(string problem, byte[] frame)
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start(echo: true);
        var healthy = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        using var peer = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);
        Assert.True(await peer.HandshakeAsync(b.Options.ClusterId, Stranger, b.Address));

        await peer.SendAsync(frame);

        await peer.ReceiveUntilClosedAsync();
        Assert.Contains(problem, (await b.Logs.WaitForAsync(e => e.EventId == ProtocolViolationEvent)).Message);
        await AssertStillServes(a, b, healthy, 3);
    }

    [Fact]
    public async Task A_truncated_frame_is_reported_as_a_protocol_violation()
    {
        await using var b = TestSilo.Start();
        using var peer = await RawPeer.ConnectAsync(b.Listener.LocalEndPoint!);
        Assert.True(await peer.HandshakeAsync(b.Options.ClusterId, Stranger, b.Address));

        await peer.SendAsync(Frame(frameLength: 100, headerLength: 3, 2, 0, 1).AsMemory(0, 40));
        peer.StopSending();

        await peer.ReceiveUntilClosedAsync();
        Assert.Contains("middle of a frame", (await b.Logs.WaitForAsync(e => e.EventId == ProtocolViolationEvent)).Message);
    }

    [Fact]
    public async Task Disposing_the_listener_closes_its_connections_once()
    {
        await using var a = TestSilo.Start();
        var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        connection.Send(Request(1), []);
        var inbound = (await b.Handler.NextAsync()).Connection;

        await b.DisposeAsync();

        Assert.Null(await b.Handler.ClosedAsync(inbound));
        Assert.NotNull(await a.Handler.ClosedAsync(connection));
        Assert.Equal(1, b.Handler.CloseCount(inbound));
        Assert.Equal(1, a.Handler.CloseCount(connection));
    }

    /// <summary>Two prefixes as given, then <paramref name="rest"/>, zero-padded to what the length claims (at most 200 bytes).</summary>
    private static byte[] Frame(int frameLength, int headerLength, params byte[] rest)
    {
        var bytes = new byte[6 + Math.Max(rest.Length, Math.Min(frameLength - 2, 200))];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)frameLength);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)headerLength);
        rest.CopyTo(bytes, 6);
        return bytes;
    }
}
