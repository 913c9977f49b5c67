using System.Collections.Concurrent;
using GrainChain.Runtime;

namespace GrainChain.Runtime.Tests.Turns;

public interface ITurnOrderGrain : IGrainWithStringKey
{
    /// <summary>Logs its start, waits for the test to open the gate named <paramref name="label"/>, logs its end.</summary>
    Task RunAsync(string label);
}

/// <summary>A grain whose requests the test holds and releases one by one, to observe the order of turns.</summary>
public sealed class TurnOrderGrain(TurnOrderLog log) : Grain, ITurnOrderGrain
{
    public async Task RunAsync(string label)
    {
        log.Record($"start {label}");
        await log.Gate(label).Task;
        log.Record($"end {label}");
    }
}

/// <summary>Registered per test silo: the gates the test opens and the start/end events the grain records.</summary>
public sealed class TurnOrderLog
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => [.. _events];

    public TaskCompletionSource Gate(string label) => _gates.GetOrAdd(label, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Completes once the request labelled <paramref name="label"/> has entered the grain.</summary>
    public Task Started(string label) => StartedSource(label).Task;

    public void Record(string entry)
    {
        _events.Enqueue(entry);
        if (entry.StartsWith("start ", StringComparison.Ordinal))
        {
            StartedSource(entry["start ".Length..]).TrySetResult();
        }
    }

    private TaskCompletionSource StartedSource(string label) =>
        _started.GetOrAdd(label, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}
