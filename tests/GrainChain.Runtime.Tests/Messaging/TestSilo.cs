using System.Net;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Tests.Messaging;

/// <summary>A listener on a free loopback port plus a connection cache and a recording handler: one silo's messaging.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private static long s_generation = 1000;

    private TestSilo(MessagingOptions options, RecordingHandler handler, CapturingLoggerFactory logs, TimeProvider time, IPEndPoint bindTo, long? generation)
    {
        Options = options;
        Handler = handler;
        Logs = logs;
        Listener = new ConnectionListener(Microsoft.Extensions.Options.Options.Create(options), logs, time);
        var endpoint = Listener.Bind(bindTo);
        Address = new SiloAddress(endpoint, generation ?? Interlocked.Increment(ref s_generation));
        Cache = new SiloConnectionCache(Address, handler, Microsoft.Extensions.Options.Options.Create(options), logs, time);
        Listener.Start(Address, handler, Cache);
    }

    public MessagingOptions Options { get; }
    public RecordingHandler Handler { get; }
    public CapturingLoggerFactory Logs { get; }
    public ConnectionListener Listener { get; }
    public SiloAddress Address { get; }
    public SiloConnectionCache Cache { get; }

    public static TestSilo Start(
        string clusterId = "test-cluster", bool echo = false, Action<MessagingOptions>? configure = null, TimeProvider? time = null,
        IPEndPoint? bindTo = null, long? generation = null)
    {
        var options = new MessagingOptions { ClusterId = clusterId };
        configure?.Invoke(options);
        return new TestSilo(options, new RecordingHandler(echo), new CapturingLoggerFactory(), time ?? TimeProvider.System, bindTo ?? new IPEndPoint(IPAddress.Loopback, 0), generation);
    }

    public ConnectionFactory CreateFactory() => new(Microsoft.Extensions.Options.Options.Create(Options), Logs);

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
