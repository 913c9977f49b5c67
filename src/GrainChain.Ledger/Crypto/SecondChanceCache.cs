using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace GrainChain.Ledger.Crypto;

/// <summary>
/// A bounded, thread-safe map that evicts in insertion order but gives an entry read since its last visit one
/// more round (the "clock" approximation of least-recently-used). Lookups are a dictionary read plus, at most,
/// one write of the entry's own flag, so hits scale across threads.
/// </summary>
internal sealed class SecondChanceCache<TKey, TValue> where TKey : notnull
{
    private sealed class Entry(TValue value)
    {
        public readonly TValue Value = value;
        public int Referenced;
    }

    private readonly ConcurrentDictionary<TKey, Entry> _entries;

    // Every key in _entries is in _order exactly once: added on insert, and on eviction either removed or
    // put back at the tail. So the queue never outgrows the map.
    private readonly ConcurrentQueue<TKey> _order = new();
    private readonly Action<TValue>? _onEvicted;
    private int _count;

    public SecondChanceCache(int capacity, IEqualityComparer<TKey>? comparer = null, Action<TValue>? onEvicted = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
        _onEvicted = onEvicted;
    }

    public int Capacity { get; }

    /// <summary>Entries held now; never more than <see cref="Capacity"/> once concurrent inserts have returned.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            // Only write when the flag changes: hot entries then stay shared in every core's cache.
            if (Volatile.Read(ref entry.Referenced) == 0) Volatile.Write(ref entry.Referenced, 1);
            value = entry.Value;
            return true;
        }
        value = default;
        return false;
    }

    public bool ContainsKey(TKey key) => TryGetValue(key, out _);

    /// <summary>Adds the entry unless the key is present; evicts the oldest unreferenced entry when full.</summary>
    public bool TryAdd(TKey key, TValue value)
    {
        if (!_entries.TryAdd(key, new Entry(value))) return false;
        _order.Enqueue(key);
        Interlocked.Increment(ref _count);
        // A loop, not one eviction: when a racing evictor holds the queue's last key for a moment, this
        // insert's eviction finds nothing, and the next pass makes up for it.
        while (Volatile.Read(ref _count) > Capacity && EvictOne())
        {
        }
        return true;
    }

    /// <summary>Removes every entry, handing each to the eviction callback.</summary>
    public void Clear()
    {
        while (_order.TryDequeue(out var key))
        {
            if (_entries.TryRemove(key, out var entry))
            {
                Interlocked.Decrement(ref _count);
                _onEvicted?.Invoke(entry.Value);
            }
        }
    }

    private bool EvictOne()
    {
        // One full lap clears every flag, so an entry is found within Capacity + 1 visits; the bound only
        // matters when other threads are evicting at the same time.
        var visits = 2 * Capacity + 2;
        while (visits-- > 0 && _order.TryDequeue(out var key))
        {
            if (!_entries.TryGetValue(key, out var entry)) continue;
            if (visits > 0 && Interlocked.Exchange(ref entry.Referenced, 0) == 1)
            {
                _order.Enqueue(key);
                continue;
            }
            if (_entries.TryRemove(new KeyValuePair<TKey, Entry>(key, entry)))
            {
                Interlocked.Decrement(ref _count);
                _onEvicted?.Invoke(entry.Value);
                return true;
            }
        }
        return false;
    }
}
