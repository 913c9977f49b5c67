using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// A request whose response is a <typeparamref name="TResult"/>; the request itself is the awaitable response
/// (an <see cref="IValueTaskSource{TResult}"/>), so awaiting a call allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract partial class GrainRequest<TResult> : GrainRequest, IValueTaskSource<TResult>, IValueTaskSource
{
    private enum PendingKind : byte { None, Task, VoidTask, ValueTask, VoidValueTask }

    private ManualResetValueTaskSourceCore<TResult> _response;

    // For Task-returning methods the response completes this task directly instead of going through the value-task
    // source and an adapter task: one allocation (the task) per call, and no GetResult call back into the request.
    private AsyncTaskMethodBuilder<TResult> _task;
    private bool _completesTask;
    private TResult _result = default!;
    private Exception? _exception;

    // What the grain method returned while it is still running; awaited with one cached delegate per pooled instance.
    private PendingKind _pendingKind;
    private Task<TResult>? _pendingTask;
    private Task? _pendingVoidTask;
    private ValueTask<TResult> _pendingValueTask;
    private ValueTask _pendingVoidValueTask;
    private Action? _onPendingCompleted;

    internal ValueTask<TResult> AsValueTask() => new(this, _response.Version);

    internal ValueTask AsVoidValueTask() => new(this, _response.Version);

    /// <summary>
    /// The response as a task. The caller then never reads the response from the request, so the caller's share of
    /// the request is given up when the task is completed.
    /// </summary>
    internal Task<TResult> AsTask()
    {
        _completesTask = true;
        _task = AsyncTaskMethodBuilder<TResult>.Create();
        return _task.Task;
    }

    protected void Returned(ValueTask<TResult> returned)
    {
        if (returned.IsCompletedSuccessfully)
        {
            Succeed(returned.Result);
            return;
        }
        _pendingKind = PendingKind.ValueTask;
        _pendingValueTask = returned;
        returned.GetAwaiter().UnsafeOnCompleted(_onPendingCompleted ??= OnPendingCompleted);
    }

    protected void Returned(Task<TResult> returned)
    {
        if (returned is null)
        {
            Fault(new InvalidOperationException($"{InterfaceName}.{MethodName} returned a null task."));
            return;
        }
        if (returned.IsCompletedSuccessfully)
        {
            Succeed(returned.Result);
            return;
        }
        _pendingKind = PendingKind.Task;
        _pendingTask = returned;
        returned.GetAwaiter().UnsafeOnCompleted(_onPendingCompleted ??= OnPendingCompleted);
    }

    protected void ReturnedVoid(ValueTask returned)
    {
        if (returned.IsCompletedSuccessfully)
        {
            Succeed(default!);
            return;
        }
        _pendingKind = PendingKind.VoidValueTask;
        _pendingVoidValueTask = returned;
        returned.GetAwaiter().UnsafeOnCompleted(_onPendingCompleted ??= OnPendingCompleted);
    }

    protected void ReturnedVoid(Task returned)
    {
        if (returned is null)
        {
            Fault(new InvalidOperationException($"{InterfaceName}.{MethodName} returned a null task."));
            return;
        }
        if (returned.IsCompletedSuccessfully)
        {
            Succeed(default!);
            return;
        }
        _pendingKind = PendingKind.VoidTask;
        _pendingVoidTask = returned;
        returned.GetAwaiter().UnsafeOnCompleted(_onPendingCompleted ??= OnPendingCompleted);
    }

    private void OnPendingCompleted()
    {
        TResult result = default!;
        Exception? failure = null;
        var kind = _pendingKind;
        _pendingKind = PendingKind.None;
        try
        {
            switch (kind)
            {
                case PendingKind.Task:
                    var task = _pendingTask!;
                    _pendingTask = null;
                    result = task.GetAwaiter().GetResult();
                    break;
                case PendingKind.VoidTask:
                    var voidTask = _pendingVoidTask!;
                    _pendingVoidTask = null;
                    voidTask.GetAwaiter().GetResult();
                    break;
                case PendingKind.ValueTask:
                    var valueTask = _pendingValueTask;
                    _pendingValueTask = default;
                    result = valueTask.GetAwaiter().GetResult();
                    break;
                case PendingKind.VoidValueTask:
                    var voidValueTask = _pendingVoidValueTask;
                    _pendingVoidValueTask = default;
                    voidValueTask.GetAwaiter().GetResult();
                    break;
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        if (failure is null)
        {
            Succeed(result);
        }
        else
        {
            Fault(failure);
        }
    }

    private void Succeed(TResult result)
    {
        if (!CopyPolicy<TResult>.IsImmutable && result is not null && !ResultIsSerializedBeforeNextTurn)
        {
            try
            {
                result = Runtime!.Copier.Copy(result);
            }
            catch (Exception exception)
            {
                Fault(exception);
                return;
            }
        }
        _result = result;
        Finished();
    }

    private protected override void Fault(Exception exception)
    {
        _exception = exception;
        Finished();
    }

    private protected override void CompleteCaller()
    {
        if (_completesTask)
        {
            CompleteTask();
            return;
        }
        var exception = _exception;
        if (exception is null)
        {
            var result = _result;
            _result = default!;
            _response.SetResult(result);
        }
        else
        {
            _exception = null;
            Runtime?.Metrics.CallFailed();
            _response.SetException(exception);
        }
    }

    private void CompleteTask()
    {
        // Read everything first: releasing the caller's share may recycle the request at once.
        var task = _task;
        var exception = _exception;
        var result = _result;
        if (exception is not null)
        {
            Runtime?.Metrics.CallFailed();
        }
        ReleaseOwner();
        if (exception is null)
        {
            task.SetResult(result);
        }
        else
        {
            task.SetException(exception);
        }
    }

    private protected override void FailCaller(Exception exception)
    {
        if (_completesTask)
        {
            var task = _task;
            ReleaseOwner();
            task.SetException(exception);
            return;
        }
        _response.SetException(exception);
    }

    private protected override void ResetCompletion()
    {
        _result = default!;
        _exception = null;
        _pendingKind = PendingKind.None;
        _pendingTask = null;
        _pendingVoidTask = null;
        _pendingValueTask = default;
        _pendingVoidValueTask = default;
        _completesTask = false;
        _task = default;
        _response.Reset();
    }

    TResult IValueTaskSource<TResult>.GetResult(short token)
    {
        try
        {
            return _response.GetResult(token);
        }
        finally
        {
            ReleaseOwner();
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _response.GetResult(token);
        }
        finally
        {
            ReleaseOwner();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _response.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _response.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _response.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _response.OnCompleted(continuation, state, token, flags);
}
