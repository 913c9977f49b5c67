using System.ComponentModel;
using System.Diagnostics;
using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// One call as a message: which method of which grain, with which arguments, and the slot its response goes to.
/// Generated code derives one sealed class per grain method; instances are pooled, so a call allocates nothing.
/// </summary>
/// <remarks>
/// Two parties own a request while a call is in flight: the caller (until it reads the response) and the executing
/// side (until it has handed the response over). Whoever lets go last returns it to the pool, so a timed-out call
/// can never see its request reused under it. For a call sent to another silo the executing side's share is held by
/// the router's table of pending calls until the response frame arrives (<c>CompleteFromWire</c>); for a call
/// that arrived from another silo the caller's share is held by an <see cref="IRemoteResponseSink"/> (see
/// <see cref="PrepareInbound"/>).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest
{
    private const long CompletedBit = 1;

    // The call's incarnation (bumped by every Prepare) shifted left once, plus CompletedBit once its response slot
    // is taken. One word, so a timeout sweep that remembers the value it saw can claim exactly that call and never a
    // later reuse of this pooled object.
    private long _completion;
    private int _owners;

    internal GrainRuntime? Runtime;
    internal GrainReference? Target;
    internal ActivationData? Activation;

    // Timeout bookkeeping of the current incarnation (see CallTimeoutTracker). TrackedCompletion is published last,
    // so a sweep that reads it equal to the pending completion value may trust the three fields before it.
    internal CallTimeoutTracker? TimeoutTracker;
    internal long TimeoutDeadlineTick;
    internal TimeSpan TimeoutDuration;
    internal long TrackedCompletion = -1;

    // Set only for a call that arrived from another silo: its response goes to the sink, not to a local awaiter.
    private IRemoteResponseSink? _sink;
    private Exception? _undeliveredException;

    /// <summary>How often the cluster has routed this call again after a silo refused it before it ran (or forwarded it).</summary>
    internal byte RouteAttempt;

    /// <summary>The caller's id of an inbound call (pairs the response frame with the request frame).</summary>
    internal long RemoteCallId;

    /// <summary>Whatever the sink needs to answer an inbound call (for example the connection it came on).</summary>
    internal object? RemoteSinkState;

    /// <summary>The metadata name of the interface that declares the method.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>The method's position among its interface's methods: the method id on the wire.</summary>
    public abstract int MethodId { get; }

    public abstract string MethodName { get; }

    /// <summary>
    /// The id of the declaring interface on the wire: FNV-1a (32-bit) over the UTF-8 bytes of <see cref="InterfaceName"/>.
    /// Generated requests return the constant the generator computed; this fallback hashes the name on each read.
    /// </summary>
    public virtual uint InterfaceId => GrainInterfaceId.Compute(InterfaceName);

    /// <summary>Writes the arguments, in order, each through <c>writer.Codecs.GetCodec&lt;T&gt;()</c>.</summary>
    public virtual void WriteArguments(GrainWriter writer) => throw NoWireForm();

    /// <summary>Reads the arguments written by <see cref="WriteArguments"/> into this (empty, unprepared) request.</summary>
    public virtual void ReadArguments(ref GrainReader reader) => throw NoWireForm();

    /// <summary>True when the method carries [AlwaysInterleave].</summary>
    public virtual bool IsAlwaysInterleave => false;

    public virtual int ArgumentCount => 0;

    /// <summary>An argument, boxed; for transports and diagnostics, never on the local call path.</summary>
    public virtual object? GetArgument(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Replaces mutable arguments with deep copies so caller and grain never share them.</summary>
    public virtual void CopyArguments(ArgumentCopier copier)
    {
    }

    /// <summary>Calls the grain method and hands what it returned to one of the <c>Returned</c> helpers.</summary>
    protected abstract void InvokeCore(object grain);

    /// <summary>Forgets the arguments so a pooled request holds no references.</summary>
    protected virtual void ClearArguments()
    {
    }

    /// <summary>Puts this instance back into its type's pool; generated requests override it.</summary>
    protected virtual void ReturnToPool()
    {
    }

    /// <summary>True for turns that belong to one activation (timer ticks): never re-routed to another activation.</summary>
    internal virtual bool IsActivationBound => false;

    /// <summary>Whether running this request counts as use of the activation for idle collection.</summary>
    internal virtual bool KeepsAlive => true;

    internal bool IsCompleted => (Volatile.Read(ref _completion) & CompletedBit) != 0;

    /// <summary>The pending completion value of the current incarnation (valid between Prepare and completion).</summary>
    internal long PendingCompletion => Volatile.Read(ref _completion);

    internal GrainId TargetGrainId => Target?.GrainId ?? Activation?.GrainId ?? default;

    /// <summary>True for a call that arrived from another silo (prepared by <see cref="PrepareInbound"/>).</summary>
    internal bool IsInbound => _sink is not null;

    /// <summary>
    /// A result computed by the grain need not be copied when the call came from another silo and the result is
    /// handed to the sink (and serialized there) before this activation runs any other code: that is the case when
    /// it is stored on the activation's own executor, which delivers responses at the end of every turn.
    /// </summary>
    private protected bool ResultIsSerializedBeforeNextTurn => _sink is not null && ActivationData.Current == Activation;

    internal void Prepare(GrainRuntime runtime, GrainReference? target)
    {
        Runtime = runtime;
        Target = target;
        RouteAttempt = 0;
        _owners = 2;
        // Next incarnation, pending. Published last: whoever sees it also sees the fields above.
        Volatile.Write(ref _completion, (_completion | CompletedBit) + 1);
    }

    internal void Invoke(ActivationData activation, object grain)
    {
        Activation = activation;
        try
        {
            InvokeCore(grain);
        }
        catch (Exception exception)
        {
            Fault(exception);
        }
    }

    // ---- Remote calls ----------------------------------------------------------------------------------------

    /// <summary>
    /// Writes the arguments of an outbound call into <paramref name="writer"/>. On failure nothing is left in the
    /// writer and <paramref name="error"/> says why (a <see cref="GrainSerializationException"/>, or
    /// <see cref="NotSupportedException"/> for a request without a wire form); the router then fails the call with it.
    /// </summary>
    internal bool TryWriteArguments(GrainWriter writer, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Exception? error)
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
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Exception? error)
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
    internal bool TryReadArguments(in System.Buffers.ReadOnlySequence<byte> body, ICodecProvider codecs, SerializerLimits limits,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Exception? error)
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
    internal void CompleteFromWire(bool isFailure, in System.Buffers.ReadOnlySequence<byte> body, ICodecProvider codecs, SerializerLimits limits)
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

    // ---- Completion ------------------------------------------------------------------------------------------

    /// <summary>The grain side has finished: result or exception is stored, the activation is told.</summary>
    private protected void Finished() => Activation!.OnRequestFinished(this);

    private protected abstract void Fault(Exception exception);

    /// <summary>Hands the stored result to the caller; the executing side lets go of the request.</summary>
    internal void DeliverResponse()
    {
        if (!TryComplete())
        {
            ReleaseOwner();
            return;
        }
        // The caller's share (local awaiter or remote sink) keeps the request alive past the release below.
        var sink = _sink;
        ReleaseOwner();
        if (sink is not null)
        {
            HandToSink(sink, undelivered: null);
            return;
        }
        CompleteCaller();
    }

    /// <summary>Fails a call that never ran (no activation, activation failed, silo stopping).</summary>
    internal void FailUndelivered(Exception exception)
    {
        Runtime?.Metrics.CallFailed();
        if (!TryComplete())
        {
            ReleaseOwner();
            return;
        }
        ReleaseOwner();
        FailCallerOrSink(exception);
    }

    // The executing side owns the request here, so the incarnation cannot change under it.
    private bool TryComplete() => (Interlocked.Or(ref _completion, CompletedBit) & CompletedBit) == 0;

    /// <summary>
    /// Claims the response slot for a timeout, only if the call is still the incarnation the sweep saw and still
    /// pending. On success the caller still owns the request (it has no response yet), so it cannot be recycled
    /// before <see cref="CompleteTimedOut"/> fails the caller.
    /// </summary>
    internal bool TryClaimForTimeout(long pendingCompletion) =>
        (pendingCompletion & CompletedBit) == 0
        && Interlocked.CompareExchange(ref _completion, pendingCompletion | CompletedBit, pendingCompletion) == pendingCompletion;

    internal void CompleteTimedOut()
    {
        Runtime?.Metrics.CallTimedOut();
        FailCallerOrSink(new TimeoutException(
            $"The call {InterfaceName}.{MethodName} to grain {TargetGrainId} got no response within {TimeoutDuration}."));
    }

    /// <summary>The executing side drops a request whose caller is already gone (timed out).</summary>
    internal void DropAbandoned() => ReleaseOwner();

    private protected abstract void CompleteCaller();

    private protected abstract void FailCaller(Exception exception);

    private protected abstract void ResetCompletion();

    private protected void ReleaseOwner()
    {
        if (Interlocked.Decrement(ref _owners) != 0)
        {
            return;
        }
        ClearArguments();
        ResetCompletion();
        Runtime = null;
        Target = null;
        Activation = null;
        // A pooled request must not keep a stopped runtime's tracker alive; sweeps check TrackedCompletion first.
        TimeoutTracker = null;
        if (_sink is not null)
        {
            _sink = null;
            _undeliveredException = null;
            RemoteCallId = 0;
            RemoteSinkState = null;
        }
        ReturnToPool();
    }
}
