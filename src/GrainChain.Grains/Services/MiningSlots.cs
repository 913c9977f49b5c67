namespace GrainChain.Grains.Services;

/// <summary>
/// The proof-of-work searches a silo runs at once. Every node of a silo mines through these slots, so however many
/// nodes mine, searching never takes more than <see cref="Count"/> cores from the grains' scheduler; a node holds a
/// slot for one slice at most, then rebuilds its template and queues again, so miners take turns.
/// </summary>
public sealed class MiningSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public MiningSlots(int count, TimeSpan slice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slice, TimeSpan.Zero);
        Count = count;
        Slice = slice;
        _slots = new SemaphoreSlim(count, count);
    }

    /// <summary>One search per core but one: the silo keeps a core for its grains (at least one slot).</summary>
    public static int DefaultCount => Math.Max(1, Environment.ProcessorCount - 1);

    public int Count { get; }

    /// <summary>The longest a search holds a slot before it yields to the next miner.</summary>
    public TimeSpan Slice { get; }

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
