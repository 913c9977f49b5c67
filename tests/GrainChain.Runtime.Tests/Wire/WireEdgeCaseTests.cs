using System.Buffers;
using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using OddProxy = GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireOddGrain;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>What does not fit the wire is answered cleanly; bodies split over several buffer segments read whole.</summary>
public sealed class WireEdgeCaseTests : IAsyncLifetime
{
    private TestingHost.TestCluster _caller = null!;
    private TestingHost.TestCluster _target = null!;
    private WireLink _link = null!;

    public async Task InitializeAsync()
    {
        _caller = await TestClusters.StartAsync();
        _target = await TestClusters.StartAsync();
        _link = new WireLink(_caller, _target);
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _target.DisposeAsync();
    }

    private GrainReference Odd(string key) => (GrainReference)_caller.Client.GetGrain<IWireOddGrain>(key);

    [Fact]
    public async Task A_result_that_cannot_be_serialized_is_answered_as_a_serialization_failure()
    {
        var error = await Assert.ThrowsAsync<GrainSerializationException>(() =>
            _link.CallAsync(new OddProxy.Request0(), Odd("unserializable"), completesTask: true));

        Assert.Contains("UnserializableAsync", error.Message);
        Assert.Contains(nameof(Unserializable), error.Message);
    }

    [Fact]
    public void A_hand_written_request_has_no_wire_form_and_says_so()
    {
        var turn = new TurnRequest<int>(static _ => Task.CompletedTask, 0, interleave: false, keepAlive: false);
        var writer = new GrainWriter(_link.CallerCodecs, _link.CallerLimits.MaxDepth);

        Assert.False(turn.TryWriteArguments(writer, out var error));
        Assert.IsType<NotSupportedException>(error);
        Assert.Contains("(turn).turn", error.Message);
        Assert.Equal(0, writer.Length);
        Assert.Equal(GrainChain.Runtime.Metadata.GrainInterfaceId.Compute("(turn)"), turn.InterfaceId);
        writer.ReturnBuffer();
    }

    [Fact]
    public async Task Arguments_and_results_split_over_several_segments_are_read_whole()
    {
        var payload = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        var request = new OddProxy.Request1 { Arg0 = payload };
        var pending = request.AsTask();
        var frame = _link.Send(request, Odd("segments"));

        Assert.True(_link.TargetRuntime.Types.TryCreateRequest(frame.InterfaceId, frame.MethodId, out var inbound));
        Assert.True(inbound.TryReadArguments(Segmented(frame.Body, 3), _link.TargetCodecs, _link.TargetLimits, out _));
        Assert.Equal(payload, (byte[])inbound.GetArgument(0)!);
        inbound.Discard();

        var response = await _link.ReceiveAsync(frame).Within();
        request.CompleteFromWire(response.IsFailure, Segmented(response.Body, 7), _link.CallerCodecs, _link.CallerLimits);

        Assert.Equal(payload.Reverse(), await pending);
    }

    [Fact]
    public async Task A_truncated_segmented_result_fails_the_call_with_a_serialization_error()
    {
        var request = new OddProxy.Request1 { Arg0 = [1, 2, 3, 4, 5, 6, 7, 8] };
        var pending = request.AsTask();
        var frame = _link.Send(request, Odd("segments-truncated"));
        var response = await _link.ReceiveAsync(frame).Within();

        request.CompleteFromWire(response.IsFailure, Segmented(response.Body[..^2], 2), _link.CallerCodecs, _link.CallerLimits);

        await Assert.ThrowsAsync<GrainSerializationException>(() => pending);
    }

    /// <summary>The bytes as a sequence of <paramref name="parts"/> segments, as a pipe hands over a frame that spans buffers.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int parts)
    {
        int size = Math.Max(1, (bytes.Length + parts - 1) / parts);
        Segment? first = null;
        Segment? last = null;
        for (int offset = 0; offset < bytes.Length; offset += size)
        {
            var memory = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }
        Assert.NotSame(first, last);
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
