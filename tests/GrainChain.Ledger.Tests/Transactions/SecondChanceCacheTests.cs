using GrainChain.Ledger.Crypto;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class SecondChanceCacheTests
{
    [Fact]
    public void The_oldest_unread_entry_is_evicted_first()
    {
        var evicted = new List<int>();
        var cache = new SecondChanceCache<int, string>(3, onEvicted: v => evicted.Add(int.Parse(v)));
        cache.TryAdd(1, "1");
        cache.TryAdd(2, "2");
        cache.TryAdd(3, "3");
        Assert.True(cache.TryGetValue(1, out _)); // 1 gets a second chance

        cache.TryAdd(4, "4");

        Assert.Equal([2], evicted);
        Assert.True(cache.ContainsKey(1));
        Assert.False(cache.ContainsKey(2));
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void An_existing_key_keeps_its_first_value()
    {
        var cache = new SecondChanceCache<int, string>(2);

        Assert.True(cache.TryAdd(1, "a"));
        Assert.False(cache.TryAdd(1, "b"));
        Assert.True(cache.TryGetValue(1, out var value));
        Assert.Equal("a", value);
    }

    [Fact]
    public void Concurrent_inserts_and_reads_never_leave_more_than_the_capacity()
    {
        var evictions = 0;
        var cache = new SecondChanceCache<int, int>(64, onEvicted: _ => Interlocked.Increment(ref evictions));

        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            cache.TryAdd(i, i);
            if (cache.TryGetValue(i - 3, out var seen)) Assert.Equal(i - 3, seen);
        });

        // Racing evictions may leave a slot or two free, never one entry too many.
        Assert.InRange(cache.Count, 60, 64);
        Assert.Equal(20_000 - cache.Count, evictions);
    }

    [Fact]
    public void Clear_hands_every_entry_to_the_eviction_callback()
    {
        var evicted = 0;
        var cache = new SecondChanceCache<int, int>(10, onEvicted: _ => evicted++);
        for (var i = 0; i < 7; i++) cache.TryAdd(i, i);

        cache.Clear();

        Assert.Equal(7, evicted);
        Assert.Equal(0, cache.Count);
        Assert.False(cache.ContainsKey(3));
    }
}
