using System.Collections.Concurrent;
using GrainChain.Runtime.Streams;

namespace GrainChain.Runtime.Tests.Streams;

/// <summary>An event as a test observer saw it.</summary>
public sealed record ReceivedEvent(Guid HandleId, object? Item, StreamSequenceToken? Token);

/// <summary>
/// A singleton of one test's silo: stream observers record what they receive here, tests await counts instead of
/// sleeping, and tests steer observers (fail on some items, hold at a gate).
/// </summary>
public sealed class StreamProbe
{
    private readonly ConcurrentDictionary<string, Log> _logs = new();
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _deactivations = new();

    /// <summary>When it returns true for (consumer, item) the observer throws.</summary>
    public Func<string, object?, bool> FailWhen { get; set; } = static (_, _) => false;

    /// <summary>Observers of this consumer wait on this gate before handling an event.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    private int _attempts;

    /// <summary>How many times an observer was called (including the calls that threw).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public async Task ObserveAsync(string consumer, Guid handleId, object? item, StreamSequenceToken? token)
    {
        Interlocked.Increment(ref _attempts);
        if (Gates.TryGetValue(consumer, out var gate))
        {
            await gate.Task;
        }
        if (FailWhen(consumer, item))
        {
            throw new InvalidOperationException($"{consumer} refuses {item}");
        }
        LogOf(consumer).Add(new ReceivedEvent(handleId, item, token));
    }

    public void Error(string consumer, Exception exception) => LogOf(consumer).AddError(exception);

    public IReadOnlyList<ReceivedEvent> Received(string consumer) => LogOf(consumer).Snapshot();

    public IReadOnlyList<Exception> Errors(string consumer) => LogOf(consumer).Errors();

    /// <summary>Completes when <paramref name="consumer"/> has received at least <paramref name="count"/> events.</summary>
    public Task WhenReceived(string consumer, int count) => LogOf(consumer).WhenCount(count);

    public Task WhenErrors(string consumer, int count) => LogOf(consumer).WhenErrorCount(count);

    public void Activated(string key) => _activations.AddOrUpdate(key, 1, static (_, n) => n + 1);

    public int ActivationsOf(string key) => _activations.TryGetValue(key, out var n) ? n : 0;

    public void Deactivated(string key) => DeactivationSlot(key).TrySetResult();

    public Task WhenDeactivated(string key) => DeactivationSlot(key).Task;

    private TaskCompletionSource DeactivationSlot(string key) =>
        _deactivations.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private Log LogOf(string consumer) => _logs.GetOrAdd(consumer, _ => new Log());

    private sealed class Log
    {
        private readonly Lock _gate = new();
        private readonly List<ReceivedEvent> _events = [];
        private readonly List<Exception> _errors = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
        private readonly List<(int Count, TaskCompletionSource Done)> _errorWaiters = [];

        public void Add(ReceivedEvent received)
        {
            lock (_gate)
            {
                _events.Add(received);
                Release(_waiters, _events.Count);
            }
        }

        public void AddError(Exception exception)
        {
            lock (_gate)
            {
                _errors.Add(exception);
                Release(_errorWaiters, _errors.Count);
            }
        }

        public IReadOnlyList<ReceivedEvent> Snapshot()
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }

        public IReadOnlyList<Exception> Errors()
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }

        public Task WhenCount(int count) => Wait(_waiters, count);

        public Task WhenErrorCount(int count) => Wait(_errorWaiters, count);

        private Task Wait(List<(int Count, TaskCompletionSource Done)> waiters, int count)
        {
            lock (_gate)
            {
                if ((waiters == _waiters ? _events.Count : _errors.Count) >= count)
                {
                    return Task.CompletedTask;
                }
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((count, done));
                return done.Task;
            }
        }

        private static void Release(List<(int Count, TaskCompletionSource Done)> waiters, int reached)
        {
            for (int i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Count <= reached)
                {
                    waiters[i].Done.TrySetResult();
                    waiters.RemoveAt(i);
                }
            }
        }
    }
}
