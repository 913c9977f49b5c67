using GrainChain.Cluster.TestSilo.Grains;
using GrainChain.Runtime;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>Counters incremented once each until every silo process hosts some, with the count each acknowledged.</summary>
internal sealed class CounterSpread
{
    private CounterSpread(Dictionary<string, CounterReading> counters) => Counters = counters;

    /// <summary>Key → the reading of its first increment (count 1 and the process that answered).</summary>
    public IReadOnlyDictionary<string, CounterReading> Counters { get; }

    public IEnumerable<string> KeysOn(int processId) => Counters.Where(c => c.Value.Location.ProcessId == processId).Select(c => c.Key);

    /// <summary>
    /// Activates counters "counter-0", "counter-1", … (random placement spreads them) until each process in
    /// <paramref name="processIds"/> hosts at least <paramref name="perProcess"/>; bounded, so a placement that never
    /// reaches a process fails the test instead of looping.
    /// </summary>
    public static async Task<CounterSpread> CreateAsync(IClusterClient client, IReadOnlyCollection<int> processIds, int perProcess, TimeSpan callTimeout)
    {
        const int MaxKeys = 300;
        var counters = new Dictionary<string, CounterReading>();
        for (var i = 0; i < MaxKeys; i++)
        {
            var key = $"counter-{i}";
            counters[key] = await client.GetGrain<ICounterGrain>(key).IncrementAsync().WaitAsync(callTimeout);
            if (processIds.All(pid => counters.Values.Count(r => r.Location.ProcessId == pid) >= perProcess))
            {
                return new CounterSpread(counters);
            }
        }
        var spread = string.Join(", ", counters.Values.GroupBy(r => r.Location.ProcessId).Select(g => $"pid {g.Key}: {g.Count()}"));
        throw new InvalidOperationException($"{MaxKeys} counters did not reach {perProcess} on each of pids {string.Join(", ", processIds)}: {spread}");
    }
}
