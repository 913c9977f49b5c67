using System.ComponentModel;
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
public abstract partial class GrainRequest
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
