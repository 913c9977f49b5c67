using System.Diagnostics;
using System.Runtime.CompilerServices;
using GrainChain.Benchmarks.Cluster;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// One call of the open-loop driver, reused from call to call so the driver adds no garbage of its own to the
/// process it measures: it starts the call, and records its latency when the response arrives.
/// </summary>
internal sealed class OpenLoopCall
{
    private readonly OpenLoopRun _run;
    private readonly Action _onCompleted;
    private ValueTaskAwaiter<int> _awaiter;
    private long _scheduled;
    private long _sent;

    public OpenLoopCall(OpenLoopRun run)
    {
        _run = run;
        _onCompleted = OnCompleted;
    }

    public void Start(IRemotePingGrain grain, long scheduled)
    {
        _scheduled = scheduled;
        _sent = Stopwatch.GetTimestamp();
        _awaiter = grain.PingAsync(0).GetAwaiter();
        if (_awaiter.IsCompleted)
        {
            OnCompleted();
            return;
        }
        _awaiter.UnsafeOnCompleted(_onCompleted);
    }

    private void OnCompleted()
    {
        bool succeeded;
        try
        {
            _awaiter.GetResult();
            succeeded = true;
        }
        catch (Exception)
        {
            succeeded = false;
        }
        _awaiter = default;
        _run.Completed(this, succeeded, _scheduled, _sent, Stopwatch.GetTimestamp());
    }
}

/// <summary>The shared state of one open-loop run: histograms, counters, and the idle calls to reuse.</summary>
internal sealed class OpenLoopRun(bool record, SlowCallTimeline? timeline = null)
{
    private readonly Stack<OpenLoopCall> _idle = new();
    private readonly Lock _gate = new();
    private readonly double _ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;
    private long _outstanding = 1;
    private long _completed;
    private long _failed;

    public LatencyHistogram FromSchedule { get; } = new();

    public LatencyHistogram FromSend { get; } = new();

    public TaskCompletionSource AllDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long CompletedCount => Volatile.Read(ref _completed);

    public long FailedCount => Volatile.Read(ref _failed);

    public OpenLoopCall Rent()
    {
        Interlocked.Increment(ref _outstanding);
        lock (_gate)
        {
            if (_idle.TryPop(out var call))
            {
                return call;
            }
        }
        return new OpenLoopCall(this);
    }

    public void Completed(OpenLoopCall call, bool succeeded, long scheduled, long sent, long done)
    {
        if (succeeded)
        {
            if (record)
            {
                long latency = (long)((done - scheduled) / _ticksPerMicrosecond);
                FromSchedule.Record(latency);
                timeline?.Record(scheduled, latency);
                FromSend.Record((long)((done - sent) / _ticksPerMicrosecond));
            }
            Interlocked.Increment(ref _completed);
        }
        else
        {
            Interlocked.Increment(ref _failed);
        }
        lock (_gate)
        {
            _idle.Push(call);
        }
        Release();
    }

    /// <summary>Drops one count: a finished call, or (once) the driver when it has issued everything.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            AllDone.TrySetResult();
        }
    }
}
