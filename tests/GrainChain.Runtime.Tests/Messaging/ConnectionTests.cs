using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class ConnectionTests
{
    private static MessageHeader Request(long callId, string key = "k") => new()
    {
        Kind = MessageKind.Request, CallId = callId, Target = new GrainId(new GrainType("account"), key), InterfaceId = 0xABCD1234, MethodId = 7,
    };

    [Fact]
    public async Task Frames_of_many_sizes_arrive_intact_with_their_headers()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        int[] sizes = [0, 1, 2, 100, 4095, 4096, 4097, 65535, 65536, 65537, 300_000, 2 * 1024 * 1024 + 3];
        var random = new Random(42);
        var bodies = sizes.Select(size => { var body = new byte[size]; random.NextBytes(body); return body; }).ToArray();

        for (int i = 0; i < bodies.Length; i++)
        {
            connection.Send(Request(i, "key-" + i), bodies[i]);
        }

        for (int i = 0; i < bodies.Length; i++)
        {
            var frame = await b.Handler.NextAsync();
            Assert.Equal(Request(i, "key-" + i), frame.Header);
            Assert.Equal(bodies[i], frame.Body);
            Assert.Equal(a.Address, frame.Connection.RemoteSilo);
            Assert.True(frame.Connection.IsInbound);
        }
    }

    [Fact]
    public async Task Each_sender_s_frames_keep_their_order_under_concurrent_senders()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        const int Senders = 4;
        const int PerSender = 5000;

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(sender => Task.Run(() =>
        {
            for (int i = 0; i < PerSender; i++)
            {
                connection.Send(new MessageHeader { Kind = MessageKind.Response, CallId = (long)sender << 32 | (uint)i }, BitConverter.GetBytes(i));
            }
        })));

        var next = new int[Senders];
        for (int n = 0; n < Senders * PerSender; n++)
        {
            var frame = await b.Handler.NextAsync();
            int sender = (int)(frame.Header.CallId >> 32);
            int sequence = (int)(frame.Header.CallId & 0xFFFFFFFF);
            Assert.Equal(next[sender], sequence);
            Assert.Equal(sequence, BitConverter.ToInt32(frame.Body));
            next[sender]++;
        }
        Assert.All(next, count => Assert.Equal(PerSender, count));
    }

    [Fact]
    public async Task Replies_travel_back_over_the_inbound_connection()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start(echo: true);
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);

        connection.Send(Request(5), "hello"u8);

        var reply = await a.Handler.NextAsync();
        Assert.Equal(new MessageHeader { Kind = MessageKind.Response, CallId = 5 }, reply.Header);
        Assert.Equal("hello"u8.ToArray(), reply.Body);
        Assert.Same(connection, reply.Connection);
    }

    [Fact]
    public async Task A_killed_connection_reports_closed_once_on_both_ends_and_refuses_sends()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        connection.Send(Request(1), []);
        var inbound = (await b.Handler.NextAsync()).Connection;

        inbound.Close(new InvalidOperationException("killed by the test"));

        var remoteReason = await a.Handler.ClosedAsync(connection);
        var localReason = await b.Handler.ClosedAsync(inbound);
        await connection.Completion.WaitAsync(TestWait.Safety);
        await inbound.Completion.WaitAsync(TestWait.Safety);
        Assert.IsType<ConnectionClosedException>(remoteReason);
        Assert.Equal("killed by the test", localReason?.Message);
        Assert.Equal(1, a.Handler.CloseCount(connection));
        Assert.Equal(1, b.Handler.CloseCount(inbound));
        var failure = Assert.Throws<ConnectionClosedException>(() => connection.Send(Request(2), []));
        Assert.Contains(b.Address.ToString(), failure.Message);
        Assert.Throws<ConnectionClosedException>(() => inbound.Send(Request(2), []));
        connection.Close();
        await connection.CloseAsync();
        Assert.Equal(1, a.Handler.CloseCount(connection));
    }

    [Fact]
    public async Task Graceful_close_delivers_what_was_queued()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);
        for (int i = 0; i < 1000; i++)
        {
            connection.Send(Request(i), new byte[100]);
        }

        await connection.CloseAsync();

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(i, (await b.Handler.NextAsync()).Header.CallId);
        }
        Assert.Null(await a.Handler.ClosedAsync(connection));
    }

    [Fact]
    public async Task Sends_over_the_queue_limit_are_refused_with_overloaded()
    {
        // The receiver never reads past its socket buffers because its handler blocks; the sender's queue fills up.
        var release = new ManualResetEventSlim();
        await using var a = TestSilo.Start(configure: o => { o.MaxFrameBytes = 1024 * 1024; o.MaxOutboundQueueBytes = 2 * 1024 * 1024; });
        await using var b = TestSilo.Start(configure: o => { o.MaxFrameBytes = 1024 * 1024; o.MaxOutboundQueueBytes = 2 * 1024 * 1024; });
        var blocking = new BlockingHandler(release);
        await using var factory = new OneConnection(await a.CreateFactory().ConnectToSiloAsync(b.Address, a.Address, blocking, CancellationToken.None));
        var body = new byte[512 * 1024];

        ConnectionOverloadedException? overloaded = null;
        try
        {
            // Bounded: the kernel buffers a few MiB at most, so the queue limit must trip well before this ends.
            for (int i = 0; i < 10_000 && overloaded is null; i++)
            {
                try
                {
                    factory.Connection.Send(Request(i), body);
                }
                catch (ConnectionOverloadedException e)
                {
                    overloaded = e;
                }
            }
        }
        finally
        {
            release.Set();
        }
        Assert.NotNull(overloaded);
        Assert.Contains(b.Address.ToString(), overloaded.Message);
        Assert.False(factory.Connection.IsClosed);
    }

    [Fact]
    public async Task Headers_and_bodies_over_the_limits_are_refused_at_send_and_nothing_is_queued()
    {
        await using var a = TestSilo.Start(configure: o => { o.MaxFrameBytes = 64 * 1024; o.MaxHeaderBytes = 100; });
        await using var b = TestSilo.Start(configure: o => { o.MaxFrameBytes = 64 * 1024; o.MaxHeaderBytes = 100; });
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);

        Assert.Throws<ArgumentException>(() => connection.Send(Request(1, new string('k', 200)), []));
        Assert.Throws<ArgumentException>(() => connection.Send(Request(2), new byte[64 * 1024]));
        connection.Send(Request(3), new byte[10]);

        Assert.Equal(3, (await b.Handler.NextAsync()).Header.CallId);
    }

    [Fact]
    public async Task Ping_is_answered_by_the_connection_itself()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var connection = await a.Cache.GetConnectionAsync(b.Address, CancellationToken.None);

        Assert.True(await connection.PingAsync(TestWait.Safety, CancellationToken.None));
        Assert.True(await connection.PingAsync(TestWait.Safety, CancellationToken.None));
        Assert.False(b.Handler.Frames.TryRead(out _));
        connection.Close();
        Assert.False(await connection.PingAsync(TestWait.Safety, CancellationToken.None));
    }

    /// <summary>Blocks the read loop on the first message until released, so the peer's TCP window closes.</summary>
    private sealed class BlockingHandler(ManualResetEventSlim release) : IMessageHandler
    {
        public void OnMessage(Connection connection, in MessageHeader header, System.Buffers.ReadOnlySequence<byte> body) => release.Wait(TestWait.Safety);

        public void OnConnectionClosed(Connection connection, Exception? reason) { }
    }

    private sealed class OneConnection(Connection connection) : IAsyncDisposable
    {
        public Connection Connection => connection;

        public ValueTask DisposeAsync()
        {
            connection.Close();
            return new ValueTask(connection.Completion);
        }
    }
}
