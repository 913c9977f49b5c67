using System.Buffers;
using BenchmarkDotNet.Attributes;
using GrainChain.Benchmarks.Runtime;
using GrainChain.Benchmarks.Serialization;
using GrainChain.Runtime;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using PingProxy = GrainChain.Generated.GrainProxy_GrainChain_Benchmarks_Invocation_IWireEchoGrain;

namespace GrainChain.Benchmarks.Invocation;

/// <summary>Echoes a small ledger message, so the wire suite measures a record argument and result.</summary>
public interface IWireEchoGrain : IGrainWithIntegerKey
{
    ValueTask<int> PingAsync(int value);

    Task<SmallMessage> EchoAsync(SmallMessage message);
}

public sealed class WireEchoGrain : Grain, IWireEchoGrain
{
    public ValueTask<int> PingAsync(int value) => new(value);

    public Task<SmallMessage> EchoAsync(SmallMessage message) => Task.FromResult(message);
}

/// <summary>
/// The wire form of grain calls, without sockets: writing a request's arguments, reading them into a request made by
/// the factory, and the whole cycle a cross-silo call adds to a local one (arguments written and read, the call run
/// on a real activation of another runtime, the response written by the sink and read into the caller's request),
/// with 100 concurrent callers. The cycle bounds what the cluster router can reach before frames and sockets.
/// Compare PingCycle with GrainCallBenchmarks.GrainPingValueTask (the same call, local).
/// </summary>
[MemoryDiagnoser]
public class RequestWireFormBenchmarks
{
    private const int Callers = 100;
    private const int CallsPerCaller = 1_000;

    private BenchmarkSilo _callerSilo = null!;
    private BenchmarkSilo _targetSilo = null!;
    private GrainRuntime _callerRuntime = null!;
    private GrainRuntime _targetRuntime = null!;
    private ICodecProvider _codecs = null!;
    private SerializerLimits _limits = null!;
    private GrainWriter _writer = null!;
    private byte[] _pingBody = null!;
    private byte[] _echoBody = null!;
    private SmallMessage _message = null!;
    private GrainReference[] _targets = null!;
    private ShortCircuitSink _sink = null!;
    private uint _interfaceId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _callerSilo = await BenchmarkSilo.StartAsync();
        _targetSilo = await BenchmarkSilo.StartAsync();
        _callerRuntime = ((GrainReference)_callerSilo.Client.GetGrain<IWireEchoGrain>(0)).Runtime;
        _targetRuntime = ((GrainReference)_targetSilo.Client.GetGrain<IWireEchoGrain>(0)).Runtime;
        var serializer = _callerRuntime.Services.GetRequiredService<BinaryGrainSerializer>();
        _codecs = serializer.Codecs;
        _limits = serializer.Limits;
        _writer = new GrainWriter(_codecs, _limits.MaxDepth);
        var hash = new byte[32];
        new Random(1).NextBytes(hash);
        _message = new SmallMessage("alice-wallet-0001", 1_250_000, 42, true, hash);
        _pingBody = Written(new PingProxy.Request0 { Arg0 = 123_456 });
        _echoBody = Written(new PingProxy.Request1 { Arg0 = _message });
        _targets = Enumerable.Range(0, Callers).Select(i => (GrainReference)_callerSilo.Client.GetGrain<IWireEchoGrain>(i)).ToArray();
        // One codec registry for both sides, as in production where each silo is its own process: two registries in
        // one process would take turns in the per-type codec cache and measure that instead.
        _sink = new ShortCircuitSink(serializer);
        _interfaceId = new PingProxy.Request0().InterfaceId;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(i => _targetSilo.Client.GetGrain<IWireEchoGrain>(i).PingAsync(0).AsTask()));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _writer.ReturnBuffer();
        await _callerSilo.DisposeAsync();
        await _targetSilo.DisposeAsync();
    }

    private byte[] Written(GrainRequest request)
    {
        _writer.Reset(_codecs);
        request.WriteArguments(_writer);
        return _writer.WrittenSpan.ToArray();
    }

    [Benchmark]
    public int WritePingArguments()
    {
        var request = GrainRequestPool<PingProxy.Request0>.Rent();
        request.Arg0 = 123_456;
        _writer.Reset(_codecs);
        request.WriteArguments(_writer);
        GrainRequestPool<PingProxy.Request0>.Return(request);
        return _writer.Length;
    }

    [Benchmark]
    public int WriteMessageArguments()
    {
        var request = GrainRequestPool<PingProxy.Request1>.Rent();
        request.Arg0 = _message;
        _writer.Reset(_codecs);
        request.WriteArguments(_writer);
        request.Arg0 = null!;
        GrainRequestPool<PingProxy.Request1>.Return(request);
        return _writer.Length;
    }

    [Benchmark]
    public bool ReadPingArguments() => ReadArguments(0, _pingBody);

    [Benchmark]
    public bool ReadMessageArguments() => ReadArguments(1, _echoBody);

    private bool ReadArguments(ushort methodId, byte[] body)
    {
        _targetRuntime.Types.TryCreateRequest(_interfaceId, methodId, out var request);
        bool read = request.TryReadArguments(body, _codecs, _limits, out _);
        request.Discard();
        return read;
    }

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task PingCycle() => Task.WhenAll(_targets.Select(async target =>
    {
        for (int i = 0; i < CallsPerCaller; i++)
        {
            var request = GrainRequestPool<PingProxy.Request0>.Rent();
            request.Arg0 = i;
            await Cycle(request, target, request.AsValueTask()).ConfigureAwait(false);
        }
    }));

    [Benchmark(OperationsPerInvoke = Callers * CallsPerCaller)]
    public Task MessageCycle() => Task.WhenAll(_targets.Select(async target =>
    {
        for (int i = 0; i < CallsPerCaller; i++)
        {
            var request = GrainRequestPool<PingProxy.Request1>.Rent();
            request.Arg0 = _message;
            var pending = request.AsTask();
            await Cycle(request, target, new ValueTask<SmallMessage>(pending)).ConfigureAwait(false);
        }
    }));

    // One cross-silo call minus the socket: what the caller's router and the target silo's receive path do.
    private ValueTask<T> Cycle<T>(GrainRequest<T> request, GrainReference target, ValueTask<T> pending)
    {
        request.Prepare(_callerRuntime, target);
        var writer = ShortCircuitSink.RentWriter(_codecs, _limits);
        request.WriteArguments(writer);
        _targetRuntime.Types.TryCreateRequest(request.InterfaceId, (ushort)request.MethodId, out var inbound);
        inbound.TryReadArguments(writer.WrittenSpan, _codecs, _limits, out _);
        ShortCircuitSink.ReturnWriter(writer);
        inbound.PrepareInbound(_targetRuntime, _sink, callId: 0, sinkState: request, target);
        _targetRuntime.Router.Route(inbound);
        return pending;
    }

    /// <summary>Answers inbound calls by completing the caller's request straight from the written response bytes.</summary>
    private sealed class ShortCircuitSink(BinaryGrainSerializer serializer) : IRemoteResponseSink
    {
        [ThreadStatic]
        private static GrainWriter? t_writer;

        public static GrainWriter RentWriter(ICodecProvider codecs, SerializerLimits limits)
        {
            var writer = t_writer ?? new GrainWriter(codecs, limits.MaxDepth);
            t_writer = null;
            writer.Reset(codecs);
            return writer;
        }

        public static void ReturnWriter(GrainWriter writer) => t_writer = writer;

        public void OnResponse(GrainRequest request) => Answer(request);

        public void OnUndelivered(GrainRequest request, Exception exception) => Answer(request);

        private void Answer(GrainRequest request)
        {
            var caller = (GrainRequest)request.RemoteSinkState!;
            var writer = RentWriter(serializer.Codecs, serializer.Limits);
            request.WriteResponse(writer, out bool isFailure);
            request.ReleaseRemoteCaller();
            // The bytes leave the writer as they would for a socket: the caller's continuation runs inline below and
            // sends its next call with this thread's writer.
            int length = writer.Length;
            var frame = ArrayPool<byte>.Shared.Rent(length);
            writer.WrittenSpan.CopyTo(frame);
            ReturnWriter(writer);
            caller.CompleteFromWire(isFailure, frame.AsSpan(0, length), serializer.Codecs, serializer.Limits);
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
