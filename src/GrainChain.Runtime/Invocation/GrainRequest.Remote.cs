using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Invocation;

// The remote paths of a request: its wire form (arguments out and in), outbound completion from a response frame,
// and inbound preparation whose response goes to an IRemoteResponseSink. The local call path never runs any of it.
public abstract partial class GrainRequest
{
    /// <summary>
    /// Writes the arguments of an outbound call into <paramref name="writer"/>. On failure nothing is left in the
    /// writer and <paramref name="error"/> says why (a <see cref="GrainSerializationException"/>, or
    /// <see cref="NotSupportedException"/> for a request without a wire form); the router then fails the call with it.
    /// </summary>
    internal bool TryWriteArguments(GrainWriter writer, [NotNullWhen(false)] out Exception? error)
    {
        int length = writer.Length;
        int depth = writer.Depth;
        try
        {
            WriteArguments(writer);
            error = null;
            return true;
        }
        catch (Exception exception)
        {
            writer.Rewind(length, depth);
            error = exception is NotSupportedException ? exception
                : new GrainSerializationException($"The arguments of {InterfaceName}.{MethodName} cannot be serialized: {exception.Message}", exception);
            return false;
        }
    }

    /// <summary>
    /// Reads the arguments of an inbound call (a request just made by <see cref="GrainTypeDirectory.TryCreateRequest"/>)
    /// from the whole of <paramref name="body"/>. Bad bytes never throw: the arguments read so far are dropped and
    /// <paramref name="error"/> is a <see cref="GrainSerializationException"/> naming the method; the router answers
    /// with it and gives the request back with <see cref="Discard"/>.
    /// </summary>
    internal bool TryReadArguments(ReadOnlySpan<byte> body, ICodecProvider codecs, SerializerLimits limits,
        [NotNullWhen(false)] out Exception? error)
    {
        try
        {
            var reader = new GrainReader(body, codecs, limits);
            ReadArguments(ref reader);
            if (reader.Remaining != 0)
            {
                throw new GrainSerializationException($"{reader.Remaining} unexpected bytes after the last argument.");
            }
            error = null;
            return true;
        }
        catch (Exception exception)
        {
            ClearArguments();
            error = exception is NotSupportedException ? exception
                : new GrainSerializationException($"The arguments of {InterfaceName}.{MethodName} could not be read: {exception.Message}", exception);
            return false;
        }
    }

    /// <inheritdoc cref="TryReadArguments(ReadOnlySpan{byte}, ICodecProvider, SerializerLimits, out Exception?)"/>
    internal bool TryReadArguments(in ReadOnlySequence<byte> body, ICodecProvider codecs, SerializerLimits limits,
        [NotNullWhen(false)] out Exception? error)
    {
        if (body.IsSingleSegment)
        {
            return TryReadArguments(body.FirstSpan, codecs, limits, out error);
        }
        if (ContiguousBytes.IsTooLong(body))
        {
            error = new GrainSerializationException($"The arguments of {InterfaceName}.{MethodName} take {body.Length} bytes, more than one buffer can hold.");
            return false;
        }
        using var contiguous = new ContiguousBytes(body);
        return TryReadArguments(contiguous.Span, codecs, limits, out error);
    }

    /// <summary>Gives back a request that was made by a factory but never prepared (its arguments could not be read).</summary>
    internal void Discard()
    {
        Debug.Assert(Volatile.Read(ref _owners) == 0, "Only a request that was never prepared can be discarded.");
        ClearArguments();
        ReturnToPool();
    }

    /// <summary>
    /// Prepares a call that arrived from another silo, after its arguments were read: the executing side and the
    /// remote caller (held by <paramref name="sink"/>) own it. When the grain finishes, the request is handed to
    /// <see cref="IRemoteResponseSink.OnResponse"/>; when the call cannot run or is given up, to
    /// <see cref="IRemoteResponseSink.OnUndelivered"/>. Arguments are not copied again (they were just deserialized),
    /// and a mutable result is not copied when it is serialized before the grain's next turn.
    /// </summary>
    internal void PrepareInbound(GrainRuntime runtime, IRemoteResponseSink sink, long callId, object? sinkState, GrainReference? target = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        RemoteCallId = callId;
        RemoteSinkState = sinkState;
        Prepare(runtime, target);
    }

    /// <summary>
    /// Writes the response of a finished inbound call: the result (nothing for methods without one), or the
    /// exception the grain threw or the call failed with (<paramref name="isFailure"/> true). A result that cannot be
    /// serialized is answered as a failure with a <see cref="GrainSerializationException"/>. Never throws for the
    /// request's own content.
    /// </summary>
    internal void WriteResponse(GrainWriter writer, out bool isFailure)
    {
        Debug.Assert(_sink is not null, "Only inbound calls write their response.");
        isFailure = WriteResponseCore(writer, _undeliveredException);
    }

    /// <summary>The sink gives up the remote caller's share of an inbound request; it must not touch it afterwards.</summary>
    internal void ReleaseRemoteCaller()
    {
        Debug.Assert(_sink is not null, "Only inbound calls have a remote caller.");
        ReleaseOwner();
    }

    /// <summary>
    /// Completes an outbound call from its response frame: decodes the result (<paramref name="isFailure"/> false) or
    /// the exception (true) and completes the caller exactly as a local response would; the router's pending-call
    /// table lets go of its share. A body that does not decode fails the call with a
    /// <see cref="GrainSerializationException"/>; nothing is thrown. A call that has already timed out is only released.
    /// </summary>
    internal void CompleteFromWire(bool isFailure, ReadOnlySpan<byte> body, ICodecProvider codecs, SerializerLimits limits)
    {
        if (IsCompleted)
        {
            ReleaseOwner();
            return;
        }
        StoreWireResponse(isFailure, body, codecs, limits);
        DeliverResponse();
    }

    /// <inheritdoc cref="CompleteFromWire(bool, ReadOnlySpan{byte}, ICodecProvider, SerializerLimits)"/>
    internal void CompleteFromWire(bool isFailure, in ReadOnlySequence<byte> body, ICodecProvider codecs, SerializerLimits limits)
    {
        if (body.IsSingleSegment)
        {
            CompleteFromWire(isFailure, body.FirstSpan, codecs, limits);
            return;
        }
        if (ContiguousBytes.IsTooLong(body))
        {
            if (IsCompleted)
            {
                ReleaseOwner();
                return;
            }
            StoreFailure(new GrainSerializationException(
                $"The response of {InterfaceName}.{MethodName} takes {body.Length} bytes, more than one buffer can hold."));
            DeliverResponse();
            return;
        }
        using var contiguous = new ContiguousBytes(body);
        CompleteFromWire(isFailure, contiguous.Span, codecs, limits);
    }

    /// <summary>Decodes a response body into the stored result or exception; a bad body stores a serialization failure.</summary>
    private protected abstract void StoreWireResponse(bool isFailure, ReadOnlySpan<byte> body, ICodecProvider codecs, SerializerLimits limits);

    /// <summary>Stores an exception as the call's outcome (in place of a result).</summary>
    private protected abstract void StoreFailure(Exception exception);

    /// <summary>Writes the stored result, or <paramref name="failure"/> / the stored exception; true when a failure was written.</summary>
    private protected abstract bool WriteResponseCore(GrainWriter writer, Exception? failure);

    private NotSupportedException NoWireForm() =>
        new($"{InterfaceName}.{MethodName} has no wire form: only requests generated for grain interface methods can be sent between silos.");

    private void HandToSink(IRemoteResponseSink sink, Exception? undelivered)
    {
        // Read before the sink runs: once it releases its share the request may already carry another call.
        var runtime = Runtime;
        long callId = RemoteCallId;
        var grainId = TargetGrainId;
        try
        {
            if (undelivered is null)
            {
                sink.OnResponse(this);
            }
            else
            {
                sink.OnUndelivered(this, undelivered);
            }
        }
        catch (Exception exception)
        {
            // Responses are handed out on an activation's executor: a faulty sink must not take it down.
            runtime?.Logger.ResponseSinkFailed(exception, callId, InterfaceName, MethodName, grainId);
        }
    }

    private void FailCallerOrSink(Exception exception)
    {
        if (_sink is { } sink)
        {
            _undeliveredException = exception;
            HandToSink(sink, exception);
            return;
        }
        FailCaller(exception);
    }
}
