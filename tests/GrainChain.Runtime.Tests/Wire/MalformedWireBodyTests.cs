using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using WireProxy = GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>
/// Bodies from another silo are untrusted: bad argument bytes are refused with a <see cref="GrainSerializationException"/>
/// before the grain runs, and bad response bytes fail the call with one; nothing else is ever thrown.
/// </summary>
public sealed class MalformedWireBodyTests : IAsyncLifetime
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

    private GrainReference Wire(string key) => (GrainReference)_caller.Client.GetGrain<IWireGrain>(key);

    private RequestFrame ValidRecordFrame(string key) =>
        _link.Send(new WireProxy.Request1 { Arg0 = new LedgerEntry("alice", 12, ["a", "b"]), Arg1 = "memo" }, Wire(key));

    private GrainRequest NewInbound(RequestFrame frame)
    {
        Assert.True(_link.TargetRuntime.Types.TryCreateRequest(frame.InterfaceId, frame.MethodId, out var request));
        return request;
    }

    [Fact]
    public void Every_truncation_of_valid_argument_bytes_is_refused_with_a_serialization_error()
    {
        var frame = ValidRecordFrame("truncated");
        for (int length = 0; length < frame.Body.Length; length++)
        {
            var request = NewInbound(frame);
            Assert.False(request.TryReadArguments(frame.Body.AsSpan(0, length), _link.TargetCodecs, _link.TargetLimits, out var error));
            var serialization = Assert.IsType<GrainSerializationException>(error);
            Assert.Contains("RecordAsync", serialization.Message);
            Assert.Null(request.GetArgument(0));
            request.Discard();
        }
    }

    [Fact]
    public void Trailing_bytes_after_the_arguments_are_refused()
    {
        var frame = ValidRecordFrame("trailing");
        var request = NewInbound(frame);

        Assert.False(request.TryReadArguments([.. frame.Body, 0x01], _link.TargetCodecs, _link.TargetLimits, out var error));
        Assert.Contains("unexpected bytes", error.Message);
        request.Discard();
    }

    [Fact]
    public void Random_argument_bytes_for_every_method_decode_or_fail_cleanly()
    {
        var frame = ValidRecordFrame("random");
        var methods = Enumerable.Range(0, 11).Select(id => (ushort)id).ToArray();
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => methods.All(methodId =>
        {
            Assert.True(_link.TargetRuntime.Types.TryCreateRequest(frame.InterfaceId, methodId, out var request));
            bool read = request.TryReadArguments(bytes, _link.TargetCodecs, _link.TargetLimits, out var error);
            request.Discard();
            return read || error is GrainSerializationException;
        })).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Corrupting_any_byte_of_valid_arguments_decodes_or_fails_cleanly()
    {
        var frame = ValidRecordFrame("corrupt");
        Prop.ForAll(Gen.Choose(0, frame.Body.Length - 1).ToArbitrary(), ArbMap.Default.ArbFor<byte>(), (position, value) =>
        {
            var corrupt = (byte[])frame.Body.Clone();
            corrupt[position] = value;
            var request = NewInbound(frame);
            bool read = request.TryReadArguments(corrupt, _link.TargetCodecs, _link.TargetLimits, out var error);
            request.Discard();
            return read || error is GrainSerializationException;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Truncated_argument_bytes_are_answered_with_a_serialization_failure_the_caller_sees()
    {
        var request = new WireProxy.Request1 { Arg0 = new LedgerEntry("alice", 12, ["a"]), Arg1 = "memo" };
        var pending = request.AsTask();
        var frame = _link.Send(request, Wire("answered"));

        var response = await _link.ReceiveAsync(frame with { Body = frame.Body[..^1] }).Within();
        _link.Complete(request, response);

        var error = await Assert.ThrowsAsync<GrainSerializationException>(() => pending);
        Assert.Contains("RecordAsync", error.Message);
        Assert.Equal(0, await _target.Client.GetGrain<IWireGrain>("answered").TotalAsync());
    }

    private async Task<ResponseFrame> ValidDoubleResponseAsync(string key)
    {
        var request = new WireProxy.Request2 { Arg0 = new LedgerEntry("bob", 5, ["x", "y"]) };
        var pending = request.AsValueTask();
        var frame = _link.Send(request, Wire(key));
        var response = await _link.ReceiveAsync(frame).Within();
        _link.Complete(request, response);
        Assert.Equal(10, (await pending).Amount);
        return response;
    }

    private async Task<Exception> CompleteWithAsync(string key, bool isFailure, byte[] body)
    {
        var request = new WireProxy.Request2 { Arg0 = new LedgerEntry("bob", 5, []) };
        var pending = request.AsValueTask();
        _link.Send(request, Wire(key));
        _link.Complete(request, new ResponseFrame(1, isFailure, body, null));
        return await Assert.ThrowsAnyAsync<Exception>(async () => await pending);
    }

    [Fact]
    public async Task Every_truncation_of_a_valid_result_fails_the_call_with_a_serialization_error()
    {
        var response = await ValidDoubleResponseAsync("result");
        for (int length = 0; length < response.Body.Length; length++)
        {
            var error = await CompleteWithAsync("result", isFailure: false, response.Body[..length]);
            Assert.IsType<GrainSerializationException>(error);
            Assert.Contains("DoubleAsync", error.Message);
        }
    }

    [Fact]
    public async Task Garbage_or_an_empty_failure_body_fails_the_call_with_a_serialization_error()
    {
        Assert.IsType<GrainSerializationException>(await CompleteWithAsync("failure", isFailure: true, []));
        Assert.IsType<GrainSerializationException>(await CompleteWithAsync("failure", isFailure: true, [0x7F, 0x01, 0x02]));
        Assert.IsType<GrainSerializationException>(await CompleteWithAsync("failure", isFailure: true, [0x00]));
    }

    [Fact]
    public void Random_response_bytes_never_escape_as_anything_but_a_serialization_error_or_a_decoded_outcome() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<bool>(), (bytes, isFailure) =>
        {
            var request = new WireProxy.Request0();
            var pending = request.AsTask();
            _link.Send(request, Wire("random-response"));
            _link.Complete(request, new ResponseFrame(1, isFailure, bytes, null));
            // Complete never throws and always completes the caller, synchronously.
            Assert.True(pending.IsCompleted);
            return pending.IsCompletedSuccessfully ? !isFailure
                : isFailure ? pending.Exception!.InnerException is not null : pending.Exception!.InnerException is GrainSerializationException;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public async Task Bytes_after_a_void_response_are_refused()
    {
        var request = new WireProxy.Request3();
        var pending = request.AsValueTask();
        _link.Send(request, Wire("void"));
        _link.Complete(request, new ResponseFrame(1, IsFailure: false, [0x00], null));

        var error = await Assert.ThrowsAsync<GrainSerializationException>(async () => await pending);
        Assert.Contains("unexpected bytes", error.Message);
    }
}
