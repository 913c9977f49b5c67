using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Diagnostics;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Metadata;
using GrainChain.Runtime.State;
using GrainChain.Runtime.Timers;

namespace GrainChain.Runtime.Activation;

/// <summary>
/// One activation of a grain: its instance, its queues and its turn discipline. It is its own thread-pool work item;
/// while it runs, its synchronization context is installed, so continuations of a request come back here as work
/// items. A new request starts only when no other request is running, unless the class is [Reentrant] or the method
/// is [AlwaysInterleave].
/// </summary>
internal sealed class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private const int WorkItemsPerSlice = 256;

    [ThreadStatic]
    private static ActivationData? t_current;

    [ThreadStatic]
    private static ActivationData? t_constructing;

    private readonly Lock _gate = new();
    private readonly Queue<GrainRequest> _requests = new();
    private readonly Queue<WorkItem> _workItems = new();
    private readonly ActivationSynchronizationContext _synchronizationContext;
    private readonly bool _isReentrant;
    private Queue<GrainRequest>? _interleavingRequests;
    private List<GrainRequest>? _finishedOnExecutor;
    private ActivationState _state;
    private bool _scheduled;
    private bool _activationStarted;
    private int _running;

    // Requests that finished on the executor since it last held _gate; folded into _running at the next NextStep,
    // so finishing a request costs no lock. Touched only by the executing thread.
    private int _finishedSinceGate;
    private bool _deactivationRequested;
    private DeactivationReason _deactivationReason;
    private bool _recentlyUsed;
    private DateTimeOffset _lastUsed;
    private DateTimeOffset _keepAliveUntil;
    private object? _grain;
    private GrainTimerRegistry? _timers;
    private List<IStateLoader>? _statesToLoad;
    private Dictionary<Type, object>? _components;
    private TaskCompletionSource? _deactivatedSource;
    private bool _gone;
    private Guid _activationId;
    private volatile bool _registered;

    public ActivationData(GrainId grainId, GrainClassMetadata grainClass, GrainRuntime runtime)
    {
        GrainId = grainId;
        GrainClass = grainClass;
        Runtime = runtime;
        _isReentrant = grainClass.IsReentrant;
        _synchronizationContext = new ActivationSynchronizationContext(this);
        _lastUsed = runtime.TimeProvider.GetUtcNow();
    }

    /// <summary>The activation whose turn is running on this thread, if any.</summary>
    internal static ActivationData? Current => t_current;

    /// <summary>The activation whose grain instance is being constructed on this thread, if any.</summary>
    internal static ActivationData? Constructing => t_constructing;

    public GrainId GrainId { get; }

    /// <summary>Tells this activation from earlier and later ones of the same grain (directory entries name it).</summary>
    public Guid ActivationId
    {
        get
        {
            // Made on first use: a single silo never needs one, and Guid.NewGuid costs more than the rest of creation.
            lock (_gate)
            {
                if (_activationId == Guid.Empty)
                {
                    _activationId = Guid.NewGuid();
                }
                return _activationId;
            }
        }
    }

    public GrainClassMetadata GrainClass { get; }

    /// <summary>True once the cluster's directory names this activation as the grain's (never in a single silo).</summary>
    internal bool IsRegistered => _registered;

    public GrainRuntime Runtime { get; }

    public object? GrainInstance => _grain;

    public IServiceProvider ActivationServices => Runtime.Services;

    internal GrainTimerRegistry Timers => _timers ??= new GrainTimerRegistry(this);

    /// <summary>Requests waiting for their turn (not counting running ones); a probe for metrics and tests.</summary>
    internal int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count + (_interleavingRequests?.Count ?? 0);
            }
        }
    }

    /// <summary>Completes when the activation is gone (deactivated, failed, or never started).</summary>
    internal Task Deactivated
    {
        get
        {
            lock (_gate)
            {
                return _gone ? Task.CompletedTask : (_deactivatedSource ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    // ---- Enqueueing ------------------------------------------------------------------------------------------

    /// <summary>Queues a request; false when this activation is gone and the caller must find its successor.</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        bool schedule = false;
        lock (_gate)
        {
            if (_state == ActivationState.Invalid)
            {
                return false;
            }
            if (request.IsAlwaysInterleave)
            {
                (_interleavingRequests ??= new()).Enqueue(request);
            }
            else
            {
                _requests.Enqueue(request);
            }
            if (_state == ActivationState.Creating)
            {
                _state = ActivationState.Activating;
            }
            if (!_scheduled)
            {
                _scheduled = schedule = true;
            }
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
        return true;
    }

    /// <summary>Queues a continuation of code running in this activation (from its synchronization context).</summary>
    public void Post(SendOrPostCallback callback, object? state)
    {
        bool schedule = false;
        lock (_gate)
        {
            _workItems.Enqueue(new WorkItem(callback, state));
            if (!_scheduled)
            {
                _scheduled = schedule = true;
            }
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Runs a turn that has no caller of its own (timer tick, stream delivery).</summary>
    internal Task RunTurnAsync<TState>(Func<TState, Task> turn, TState state, bool interleave, bool keepAlive)
    {
        var request = new TurnRequest<TState>(turn, state, interleave, keepAlive);
        request.Prepare(Runtime, target: null);
        var pending = request.AsVoidValueTask();
        if (!TryEnqueue(request))
        {
            request.FailUndelivered(new InvalidOperationException($"{this} is no longer active, so the turn cannot run."));
        }
        return pending.AsTask();
    }

    public Task RunTurnAsync(Func<Task> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return RunTurnAsync(static t => t(), turn, interleave: false, keepAlive: true);
    }

    // ---- The executor ----------------------------------------------------------------------------------------

    public void Execute()
    {
        var previousContext = SynchronizationContext.Current;
        t_current = this;
        SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        try
        {
            RunSlice();
        }
        finally
        {
            t_current = null;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private void RunSlice()
    {
        int budget = WorkItemsPerSlice;
        while (true)
        {
            if (budget-- == 0)
            {
                // Fairness: let other work run, come back later (still marked as scheduled).
                DeliverFinished();
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }

            Step step;
            WorkItem workItem;
            GrainRequest? request;
            lock (_gate)
            {
                step = NextStep(out workItem, out request);
                if (step == Step.Idle && _finishedOnExecutor is not { Count: > 0 })
                {
                    _scheduled = false;
                    return;
                }
            }

            switch (step)
            {
                case Step.WorkItem:
                    RunWorkItem(workItem);
                    DeliverFinished();
                    break;
                case Step.Request:
                    if (request!.KeepsAlive)
                    {
                        _recentlyUsed = true;
                    }
                    request.Invoke(this, _grain!);
                    // The turn is over: hand responses out now rather than after another pass through _gate.
                    DeliverFinished();
                    break;
                case Step.Activate:
                    _ = ActivateAsync();
                    break;
                case Step.Deactivate:
                    _ = DeactivateAsync();
                    break;
                default:
                    DeliverFinished();
                    break;
            }
        }
    }

    private enum Step { Idle, WorkItem, Request, Activate, Deactivate }

    // Called under _gate.
    private Step NextStep(out WorkItem workItem, out GrainRequest? request)
    {
        request = null;
        if (_finishedSinceGate != 0)
        {
            _running -= _finishedSinceGate;
            _finishedSinceGate = 0;
        }
        if (_workItems.TryDequeue(out workItem))
        {
            return Step.WorkItem;
        }
        switch (_state)
        {
            case ActivationState.Activating when !_activationStarted:
                _activationStarted = true;
                return Step.Activate;
            case ActivationState.Valid when _deactivationRequested:
                if (_running != 0)
                {
                    return Step.Idle;
                }
                _state = ActivationState.Deactivating;
                return Step.Deactivate;
            case ActivationState.Valid:
                return TryTakeRequest(out request) ? Step.Request : Step.Idle;
            default:
                return Step.Idle;
        }
    }

    // Called under _gate. Requests whose caller has already timed out are dropped instead of run.
    private bool TryTakeRequest(out GrainRequest? request)
    {
        if (_interleavingRequests is { } interleaving)
        {
            while (interleaving.TryDequeue(out request))
            {
                if (!request.IsCompleted)
                {
                    _running++;
                    return true;
                }
                request.DropAbandoned();
            }
        }
        if (_running == 0 || _isReentrant)
        {
            while (_requests.TryDequeue(out request))
            {
                if (!request.IsCompleted)
                {
                    _running++;
                    return true;
                }
                request.DropAbandoned();
            }
        }
        request = null;
        return false;
    }

    /// <summary>A request has its result; the next may start, and the response goes out when this turn is over.</summary>
    internal void OnRequestFinished(GrainRequest request)
    {
        if (t_current == this)
        {
            _finishedSinceGate++;
            (_finishedOnExecutor ??= []).Add(request);
            return;
        }

        // Finished outside the activation (grain code escaped its context with ConfigureAwait(false)).
        bool schedule = false;
        lock (_gate)
        {
            _running--;
            if (!_scheduled)
            {
                _scheduled = schedule = true;
            }
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
        request.DeliverResponse();
    }

    // Responses are handed over outside the grain's context: a caller's continuation that runs inline must not
    // believe it is inside this grain.
    private void DeliverFinished()
    {
        var finished = _finishedOnExecutor;
        if (finished is not { Count: > 0 })
        {
            return;
        }
        t_current = null;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            for (int i = 0; i < finished.Count; i++)
            {
                finished[i].DeliverResponse();
            }
        }
        finally
        {
            finished.Clear();
            t_current = this;
            SynchronizationContext.SetSynchronizationContext(_synchronizationContext);
        }
    }

    private void RunWorkItem(in WorkItem workItem)
    {
        try
        {
            workItem.Callback(workItem.State);
        }
        catch (Exception exception)
        {
            Runtime.Logger.WorkItemFailed(exception, GrainId);
        }
    }

    // ---- Lifecycle -------------------------------------------------------------------------------------------

    private async Task ActivateAsync()
    {
        if (Runtime.ActivationDirectory is { } directory && !SystemTargetId.IsSystemTarget(GrainId))
        {
            SiloAddress? winner;
            try
            {
                winner = await directory.RegisterAsync(this, Runtime.StoppingToken);
            }
            catch (Exception exception)
            {
                FailActivation(exception, registered: false);
                return;
            }
            if (winner is not null)
            {
                ForwardToWinner(winner);
                return;
            }
            _registered = true;
        }
        try
        {
            t_constructing = this;
            try
            {
                _grain = GrainClass.Factory(Runtime.Services, this);
            }
            finally
            {
                t_constructing = null;
            }
            if (_statesToLoad is { } states)
            {
                foreach (var state in states)
                {
                    await state.LoadForActivationAsync(Runtime.StoppingToken);
                }
            }
            if (_grain is Grain grain)
            {
                await grain.OnActivateAsync(Runtime.StoppingToken);
            }
        }
        catch (Exception exception)
        {
            FailActivation(exception, registered: true);
            return;
        }
        lock (_gate)
        {
            _state = ActivationState.Valid;
        }
        Runtime.Logger.GrainActivated(GrainId);
    }

    private void FailActivation(Exception exception, bool registered)
    {
        Runtime.Logger.ActivationFailed(exception, GrainId);
        Runtime.Metrics.ActivationFailed();
        _timers?.DisposeAll();
        Runtime.Catalog.Remove(this);
        if (registered)
        {
            Runtime.ActivationDirectory?.Unregister(this);
        }
        var pending = MarkGoneAndDrain();
        foreach (var request in pending)
        {
            request.FailUndelivered(exception);
        }
        SignalGone();
    }

    private async Task DeactivateAsync()
    {
        _timers?.DisposeAll();
        var reason = _deactivationReason;
        if (_grain is Grain grain)
        {
            try
            {
                using var timeout = new CancellationTokenSource(Runtime.CollectionOptions.DeactivationTimeout, Runtime.TimeProvider);
                await grain.OnDeactivateAsync(reason, timeout.Token);
            }
            catch (Exception exception)
            {
                Runtime.Logger.DeactivationFailed(exception, GrainId);
            }
        }
        Runtime.Catalog.Remove(this);
        Runtime.ActivationDirectory?.Unregister(this);
        var pending = MarkGoneAndDrain();
        Runtime.Logger.GrainDeactivated(GrainId, reason.ReasonCode);
        foreach (var request in pending)
        {
            if (request.IsActivationBound)
            {
                request.FailUndelivered(new InvalidOperationException($"{this} was deactivated before the turn ran."));
            }
            else
            {
                // Queued calls go to the grain's next activation, which reloads its state.
                request.Activation = null;
                Runtime.Router.Route(request);
            }
        }
        SignalGone();
    }

    // Another silo's activation of this grain registered first: this one never constructs its grain, and every call
    // that reached it goes to the winner (the router learns the winner's location first, so it does not come back here).
    private void ForwardToWinner(SiloAddress winner)
    {
        Runtime.Logger.ActivationLostRegistration(GrainId, winner);
        Runtime.Catalog.Remove(this);
        Runtime.LocationHint?.Invoke(GrainId, winner);
        var pending = MarkGoneAndDrain();
        foreach (var request in pending)
        {
            if (request.IsActivationBound)
            {
                request.FailUndelivered(new InvalidOperationException($"{this} lost its registration to an activation on {winner} before the turn ran."));
            }
            else if (request.IsInbound)
            {
                // The caller's silo sent it here from a stale location: refuse it unrun, so that silo learns the
                // grain's real place and routes this and later calls there directly.
                request.FailUndelivered(new RetryElsewhereException($"Grain {GrainId} is active on {winner}, not here."));
            }
            else
            {
                request.Activation = null;
                Runtime.Router.Route(request);
            }
        }
        SignalGone();
    }

    /// <summary>The silo died: this activation ends without its deactivation, and the calls waiting in it fail.</summary>
    internal void Abandon(Exception reason)
    {
        _timers?.DisposeAll();
        foreach (var request in MarkGoneAndDrain())
        {
            request.FailUndelivered(reason);
        }
        SignalGone();
    }

    private List<GrainRequest> MarkGoneAndDrain()
    {
        var pending = new List<GrainRequest>();
        lock (_gate)
        {
            _state = ActivationState.Invalid;
            if (_interleavingRequests is { } interleaving)
            {
                pending.AddRange(interleaving);
                interleaving.Clear();
            }
            pending.AddRange(_requests);
            _requests.Clear();
        }
        _grain = null;
        return pending;
    }

    private void SignalGone()
    {
        TaskCompletionSource? source;
        lock (_gate)
        {
            _gone = true;
            source = _deactivatedSource;
        }
        source?.TrySetResult();
    }

    /// <summary>Asks for deactivation once no request is running; queued requests then go to a new activation.</summary>
    public void Deactivate(DeactivationReason reason)
    {
        bool schedule = false;
        bool neverStarted = false;
        lock (_gate)
        {
            switch (_state)
            {
                case ActivationState.Creating:
                    _state = ActivationState.Invalid;
                    neverStarted = true;
                    break;
                case ActivationState.Activating or ActivationState.Valid when !_deactivationRequested:
                    _deactivationRequested = true;
                    _deactivationReason = reason;
                    if (!_scheduled)
                    {
                        _scheduled = schedule = true;
                    }
                    break;
            }
        }
        if (neverStarted)
        {
            Runtime.Catalog.Remove(this);
            SignalGone();
        }
        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    internal void DeactivateOnIdle() =>
        Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    internal void DelayDeactivation(TimeSpan timeSpan)
    {
        var until = Runtime.TimeProvider.GetUtcNow() + timeSpan;
        lock (_gate)
        {
            if (until > _keepAliveUntil)
            {
                _keepAliveUntil = until;
            }
        }
    }

    /// <summary>Deactivates this activation if nothing has used it for <paramref name="age"/>; true when it did.</summary>
    internal bool CollectIfIdle(DateTimeOffset now, TimeSpan age)
    {
        lock (_gate)
        {
            if (_state != ActivationState.Valid || _deactivationRequested)
            {
                return false;
            }
            if (_recentlyUsed || _running > 0 || _requests.Count > 0)
            {
                _recentlyUsed = false;
                _lastUsed = now;
                return false;
            }
            if (now - _lastUsed < age || now < _keepAliveUntil)
            {
                return false;
            }
        }
        Deactivate(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for at least {age}."));
        return true;
    }

    internal void AddStateToLoad(IStateLoader state)
    {
        if (t_constructing != this)
        {
            throw new InvalidOperationException("Persistent state is created while the grain is constructed, as a constructor parameter.");
        }
        (_statesToLoad ??= []).Add(state);
    }

    // ---- IGrainContext ---------------------------------------------------------------------------------------

    public TComponent? GetComponent<TComponent>() where TComponent : class
    {
        lock (_gate)
        {
            return _components is not null && _components.TryGetValue(typeof(TComponent), out var component) ? (TComponent)component : null;
        }
    }

    public void SetComponent<TComponent>(TComponent? component) where TComponent : class
    {
        lock (_gate)
        {
            if (component is null)
            {
                _components?.Remove(typeof(TComponent));
            }
            else
            {
                (_components ??= [])[typeof(TComponent)] = component;
            }
        }
    }

    public override string ToString() => $"[Activation {GrainId}]";

    private readonly record struct WorkItem(SendOrPostCallback Callback, object? State);
}
