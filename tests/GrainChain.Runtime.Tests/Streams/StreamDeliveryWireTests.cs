using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Streams.Delivery;
using GrainChain.Runtime.Tests.Cluster;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Streams;

public interface IWireShape;

[GenerateSerializer]
public sealed record WireSquare([property: Id(0)] int Side) : IWireShape;

/// <summary>The wire form of a delivery call: what a consumer on another silo reads, and what bad bytes do to it.</summary>
public sealed class StreamDeliveryWireTests
{
    private static readonly StreamId Stream = StreamId.Create("wire", "key");

    [Fact]
    public async Task A_run_of_events_reads_back_with_tokens_and_items_a_consumer_can_take()
    {
        await using var cluster = await TestClusters.StartAsync();
        var producer = Guid.NewGuid();
        var subscription = Guid.NewGuid();
        StreamEvent[] events =
        [
            new StreamEvent<int>(-1, Token(producer, 1)),
            new StreamEvent<SiloTick>(new SiloTick("p", 2), Token(producer, 2)),
            new StreamEvent<int>(7, Token(producer, 3)),
            new StreamEvent<string?>(null, Token(producer, 4)),
            new StreamEvent<IWireShape>(new WireSquare(5), Token(producer, 5, 1)),
        ];

        var read = ReadBack(cluster, new StreamDeliveryRequest("mem", Stream, subscription, events, offset: 1, count: 4));

        Assert.Equal("mem", read.GetArgument(0));
        Assert.Equal(Stream, read.GetArgument(1));
        Assert.Equal(subscription, read.GetArgument(2));
        var run = Assert.IsType<ArraySegment<StreamEvent>>(read.GetArgument(3));
        Assert.Equal(events.Skip(1).Select(e => e.Token), run.Select(e => e.Token));
        Assert.True(run[0].TryGetItem<SiloTick>(out var tick) && tick == new SiloTick("p", 2));
        Assert.True(run[1].TryGetItem<int>(out var number) && number == 7);
        Assert.False(run[1].TryGetItem<string>(out _));
        Assert.True(run[2].TryGetItem<string?>(out var nothing) && nothing is null);
        Assert.False(run[2].TryGetItem<int>(out _));
        Assert.True(run[3].TryGetItem<IWireShape>(out var shape) && shape.Equals(new WireSquare(5)));
    }

    [Fact]
    public async Task Random_and_corrupted_bytes_decode_or_fail_cleanly()
    {
        await using var cluster = await TestClusters.StartAsync();
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();
        var valid = Write(cluster, new StreamDeliveryRequest("mem", Stream, Guid.NewGuid(),
            [new StreamEvent<SiloTick>(new SiloTick("p", 1), Token(Guid.NewGuid(), 1)), new StreamEvent<string>("two", Token(Guid.NewGuid(), 2))], 0, 2));

        bool DecodesOrFailsCleanly(byte[] bytes)
        {
            Assert.True(runtime.Types.TryCreateRequest(StreamDeliveryRequest.EndpointInterfaceId, StreamDeliveryRequest.DeliverMethodId, out var request));
            bool read = request.TryReadArguments(bytes, serializer.Codecs, serializer.Limits, out var error);
            request.Discard();
            return read || error is GrainSerializationException;
        }

        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), DecodesOrFailsCleanly).QuickCheckThrowOnFailure();
        Prop.ForAll(Gen.Choose(0, valid.Length - 1).ToArbitrary(), ArbMap.Default.ArbFor<byte>(), (position, value) =>
        {
            var corrupt = (byte[])valid.Clone();
            corrupt[position] = value;
            return DecodesOrFailsCleanly(corrupt);
        }).QuickCheckThrowOnFailure();
        for (int length = 0; length < valid.Length; length++)
        {
            Assert.True(DecodesOrFailsCleanly(valid[..length]), $"a body cut to {length} bytes");
        }
    }

    [Fact]
    public async Task A_run_that_claims_more_events_than_its_bytes_can_hold_is_refused_before_allocating()
    {
        await using var cluster = await TestClusters.StartAsync();
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();
        var empty = Write(cluster, new StreamDeliveryRequest("mem", Stream, Guid.NewGuid(), [], 0, 0));
        // The run's count is the last byte of an empty run; claim 2^28 events instead.
        byte[] claim = [.. empty[..^1], 0x80, 0x80, 0x80, 0x80, 0x01];

        Assert.True(runtime.Types.TryCreateRequest(StreamDeliveryRequest.EndpointInterfaceId, StreamDeliveryRequest.DeliverMethodId, out var request));
        Assert.False(request.TryReadArguments(claim, serializer.Codecs, serializer.Limits, out var error));
        request.Discard();
        Assert.Contains("Stream event run", error.Message);
    }

    private static StreamSequenceToken Token(Guid producer, long sequence, int index = 0) => new(producer, sequence, index);

    private static byte[] Write(TestCluster cluster, StreamDeliveryRequest request)
    {
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var writer = new GrainWriter(serializer.Codecs, serializer.Limits.MaxDepth);
        try
        {
            Assert.True(request.TryWriteArguments(writer, out var error), error?.Message);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.ReturnBuffer();
        }
    }

    private static GrainRequest ReadBack(TestCluster cluster, StreamDeliveryRequest written)
    {
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();
        var bytes = Write(cluster, written);
        Assert.True(runtime.Types.TryCreateRequest(written.InterfaceId, (ushort)written.MethodId, out var read));
        Assert.True(read.TryReadArguments(bytes, serializer.Codecs, serializer.Limits, out var error), error?.Message);
        return Assert.IsType<StreamDeliveryRequest>(read);
    }
}
