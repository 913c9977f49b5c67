using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>The body of a request frame and the header fields that name the method.</summary>
internal sealed record RequestFrame(long CallId, GrainId Target, uint InterfaceId, ushort MethodId, byte[] Body);

/// <summary>The body of a Response (or Failure) frame; <paramref name="Undelivered"/> is set when the call never ran.</summary>
internal sealed record ResponseFrame(long CallId, bool IsFailure, byte[] Body, Exception? Undelivered);

/// <summary>
/// Carries calls between two silos of two separate runtimes the way the cluster router does, minus the socket: the
/// caller's request becomes a request body, the target silo makes its own request from the factory, reads the
/// arguments, runs it on a real activation, and the response body written by the sink completes the caller's request.
/// </summary>
internal sealed class WireLink : IRemoteResponseSink
{
    private long _nextCallId;

    public WireLink(TestCluster callerSilo, TestCluster targetSilo)
    {
        CallerRuntime = callerSilo.ServiceProvider.GetRequiredService<GrainRuntime>();
        TargetRuntime = targetSilo.ServiceProvider.GetRequiredService<GrainRuntime>();
        var callerSerializer = callerSilo.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var targetSerializer = targetSilo.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        CallerCodecs = callerSerializer.Codecs;
        CallerLimits = callerSerializer.Limits;
        TargetCodecs = targetSerializer.Codecs;
        TargetLimits = targetSerializer.Limits;
    }

    public GrainRuntime CallerRuntime { get; }

    public GrainRuntime TargetRuntime { get; }

    public ICodecProvider CallerCodecs { get; }

    public SerializerLimits CallerLimits { get; }

    public ICodecProvider TargetCodecs { get; }

    public SerializerLimits TargetLimits { get; }

    /// <summary>Calls through the wire and returns what the caller sees (the shape a Task- or ValueTask-returning proxy uses).</summary>
    public async Task<TResult> CallAsync<TResult>(GrainRequest<TResult> request, GrainReference target, bool completesTask)
    {
        if (completesTask)
        {
            var task = request.AsTask();
            await DeliverAsync(request, target);
            return await task;
        }
        var pending = request.AsValueTask();
        await DeliverAsync(request, target);
        return await pending;
    }

    /// <summary>Sends a prepared-by-this-method request and completes it from the response frame.</summary>
    public async Task DeliverAsync(GrainRequest request, GrainReference target)
    {
        var frame = Send(request, target);
        var response = await ReceiveAsync(frame).Within();
        Complete(request, response);
    }

    /// <summary>
    /// The caller's side: prepares the request as the runtime does (the pending-call table then holds the executing
    /// side's share) and writes its arguments into a request body.
    /// </summary>
    public RequestFrame Send(GrainRequest request, GrainReference target)
    {
        request.Prepare(CallerRuntime, target);
        var writer = new GrainWriter(CallerCodecs, CallerLimits.MaxDepth);
        try
        {
            if (!request.TryWriteArguments(writer, out var error))
            {
                request.FailUndelivered(error);
                throw error;
            }
            return new RequestFrame(Interlocked.Increment(ref _nextCallId), target.GrainId, request.InterfaceId, checked((ushort)request.MethodId),
                writer.WrittenSpan.ToArray());
        }
        finally
        {
            writer.ReturnBuffer();
        }
    }

    /// <summary>The target silo's side: request from the factory, arguments read, prepared inbound, routed to an activation.</summary>
    public Task<ResponseFrame> ReceiveAsync(RequestFrame frame, Action<GrainRequest>? beforeRouting = null)
    {
        if (!TargetRuntime.Types.TryCreateRequest(frame.InterfaceId, frame.MethodId, out var request)
            || !TargetRuntime.Types.TryGetInterface(frame.InterfaceId, out var grainInterface))
        {
            throw new InvalidOperationException($"No method {frame.MethodId} of interface 0x{frame.InterfaceId:x8} on the target silo.");
        }
        if (!request.TryReadArguments(frame.Body, TargetCodecs, TargetLimits, out var error))
        {
            request.Discard();
            return Task.FromResult(new ResponseFrame(frame.CallId, IsFailure: true, WriteException(error), Undelivered: null));
        }
        var completion = new TaskCompletionSource<ResponseFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reference = TargetRuntime.GrainFactory.CreateReference(frame.Target, grainInterface.Name);
        request.PrepareInbound(TargetRuntime, this, frame.CallId, completion, reference);
        beforeRouting?.Invoke(request);
        TargetRuntime.Router.Route(request);
        return completion.Task;
    }

    /// <summary>The caller's side again: the response frame completes the pending request.</summary>
    public void Complete(GrainRequest request, ResponseFrame response) =>
        request.CompleteFromWire(response.IsFailure, response.Body, CallerCodecs, CallerLimits);

    public void OnResponse(GrainRequest request) => Answer(request, undelivered: null);

    public void OnUndelivered(GrainRequest request, Exception exception) => Answer(request, exception);

    private void Answer(GrainRequest request, Exception? undelivered)
    {
        var completion = (TaskCompletionSource<ResponseFrame>)request.RemoteSinkState!;
        long callId = request.RemoteCallId;
        var writer = new GrainWriter(TargetCodecs, TargetLimits.MaxDepth);
        byte[] body;
        bool isFailure;
        try
        {
            request.WriteResponse(writer, out isFailure);
            body = writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.ReturnBuffer();
        }
        request.ReleaseRemoteCaller();
        completion.SetResult(new ResponseFrame(callId, isFailure, body, undelivered));
    }

    private byte[] WriteException(Exception exception)
    {
        var writer = new GrainWriter(TargetCodecs, TargetLimits.MaxDepth);
        try
        {
            writer.Codecs.GetCodec<Exception>().Write(writer, exception);
            return writer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.ReturnBuffer();
        }
    }
}
