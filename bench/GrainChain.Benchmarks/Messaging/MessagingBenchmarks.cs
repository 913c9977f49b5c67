using System.Buffers;
using System.Net;
using BenchmarkDotNet.Attributes;
using GrainChain.Runtime;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace GrainChain.Benchmarks.Messaging;

/// <summary>
/// Two silos' messaging over loopback: raw one-way frames per second (request-sized headers, 32-byte bodies), and
/// request/response round trips per second against a trivial echo handler with a window of calls in flight (the
/// way a router with many concurrent grain calls drives one connection). Both rely on the writer batching frames.
/// </summary>
[MemoryDiagnoser]
public class MessagingBenchmarks
{
    private const int Frames = 200_000;
    private const int RoundTrips = 100_000;

    private readonly byte[] _body = new byte[32];
    private ConnectionListener _listenerA = null!;
    private ConnectionListener _listenerB = null!;
    private SiloConnectionCache _cacheA = null!;
    private SiloConnectionCache _cacheB = null!;
    private Connection _connection = null!;
    private readonly CountingHandler _counterA = new();
    private readonly EchoHandler _echoB = new();
    private MessageHeader _request;

    /// <summary>Calls in flight at once during the round-trip benchmark.</summary>
    [Params(1000)]
    public int Window { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var options = Options.Create(new MessagingOptions { ClusterId = "bench" });
        (_listenerA, var siloA) = Listen(options);
        (_listenerB, var siloB) = Listen(options);
        _cacheA = new SiloConnectionCache(siloA, _counterA, options);
        _cacheB = new SiloConnectionCache(siloB, _echoB, options);
        _listenerA.Start(siloA, _counterA, _cacheA);
        _listenerB.Start(siloB, _echoB, _cacheB);
        _connection = await _cacheA.GetConnectionAsync(siloB, CancellationToken.None);
        _request = new MessageHeader
        {
            Kind = MessageKind.Request, Target = new GrainId(new GrainType("account"), "alice"), InterfaceId = 0x1234ABCD, MethodId = 3, TimeoutMilliseconds = 30_000,
        };
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _cacheA.DisposeAsync();
        await _cacheB.DisposeAsync();
        await _listenerA.DisposeAsync();
        await _listenerB.DisposeAsync();
    }

    /// <summary>One sender, one-way frames; the receiver only counts them.</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public async Task OneWayFrames()
    {
        var done = _echoB.ExpectOneWay(Frames);
        var header = _request with { Flags = MessageFlags.OneWay };
        for (int i = 0; i < Frames; i++)
        {
            while (true)
            {
                try
                {
                    _connection.Send(header with { CallId = i }, _body);
                    break;
                }
                catch (ConnectionOverloadedException)
                {
                    await Task.Yield();
                }
            }
        }
        await done;
    }

    /// <summary>Request out, echoed response back, with <see cref="Window"/> calls in flight.</summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public async Task RoundTripsWithEcho()
    {
        var done = _counterA.Expect(RoundTrips, Window);
        for (int i = 0; i < RoundTrips; i++)
        {
            _counterA.Slots.Wait();
            _connection.Send(_request with { CallId = i }, _body);
        }
        await done;
    }

    private static (ConnectionListener Listener, SiloAddress Silo) Listen(IOptions<MessagingOptions> options)
    {
        var listener = new ConnectionListener(options);
        var endpoint = listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (listener, new SiloAddress(endpoint, DateTime.UtcNow.Ticks));
    }

    /// <summary>Counts responses and frees one window slot per response.</summary>
    private sealed class CountingHandler : IMessageHandler
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        public SemaphoreSlim Slots { get; private set; } = new(0);

        public Task Expect(int count, int window)
        {
            _remaining = count;
            Slots = new SemaphoreSlim(window);
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _done.Task;
        }

        public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
        {
            Slots.Release();
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }

        public void OnConnectionClosed(Connection connection, Exception? reason) { }
    }

    /// <summary>Echoes requests as responses; counts one-way requests instead.</summary>
    private sealed class EchoHandler : IMessageHandler
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        public Task ExpectOneWay(int count)
        {
            _remaining = count;
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _done.Task;
        }

        public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
        {
            if ((header.Flags & MessageFlags.OneWay) != 0)
            {
                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    _done.TrySetResult();
                }
                return;
            }
            Span<byte> copy = stackalloc byte[(int)body.Length];
            body.CopyTo(copy);
            connection.Send(new MessageHeader { Kind = MessageKind.Response, CallId = header.CallId }, copy);
        }

        public void OnConnectionClosed(Connection connection, Exception? reason) { }
    }
}
