using System.Text;
using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

/// <summary>
/// The per-connection key cache and the shared inbound reference cache keep two entries per hash set: two busy keys
/// that share a set both stay cached (with one slot they evicted each other on every call), a third pushes out the
/// oldest, and nothing is ever mixed up.
/// </summary>
public sealed class SetAssociativeCacheTests
{
    [Fact]
    public void Two_keys_sharing_a_set_both_stay_cached_and_a_third_evicts_the_oldest()
    {
        var (a, b, c) = ThreeKeysInOneSet(key => string.GetHashCode(key.AsSpan()) & 511);
        var cache = new GrainKeyCache();
        var first = cache.Get(Encoding.UTF8.GetBytes(a));
        var second = cache.Get(Encoding.UTF8.GetBytes(b));
        for (int i = 0; i < 10; i++)
        {
            Assert.Same(first, cache.Get(Encoding.UTF8.GetBytes(a)));
            Assert.Same(second, cache.Get(Encoding.UTF8.GetBytes(b)));
        }

        var third = cache.Get(Encoding.UTF8.GetBytes(c));
        Assert.Equal(c, third);
        // a went in before b, so a is the one pushed out.
        Assert.Same(third, cache.Get(Encoding.UTF8.GetBytes(c)));
        Assert.Same(second, cache.Get(Encoding.UTF8.GetBytes(b)));
        var again = cache.Get(Encoding.UTF8.GetBytes(a));
        Assert.Equal(a, again);
        Assert.NotSame(first, again);
    }

    [Fact]
    public void Two_grains_sharing_a_set_both_keep_their_reference()
    {
        var shared = new GrainReferenceShared(null!, typeof(object), new GrainInterfaceType("test.cache"));
        var type = new GrainType("cached");
        const uint interfaceId = 7;
        var (a, b, c) = ThreeKeysInOneSet(key => HashCode.Combine(new GrainId(type, key), interfaceId) & 2047);
        var cache = new InboundReferenceCache();
        int created = 0;
        GrainReference Get(string key) => cache.GetOrCreate(new GrainId(type, key), interfaceId, shared, (id, s) =>
        {
            created++;
            return new TestReference(s, id);
        });

        var first = Get(a);
        var second = Get(b);
        for (int i = 0; i < 10; i++)
        {
            Assert.Same(first, Get(a));
            Assert.Same(second, Get(b));
        }
        Assert.Equal(2, created);
        Assert.Equal(new GrainId(type, a), first.GrainId);
        Assert.Equal(new GrainId(type, b), second.GrainId);

        var third = Get(c);
        Assert.Equal(new GrainId(type, c), third.GrainId);
        Assert.Same(third, Get(c));
        // Another interface of the same grain is another reference.
        var otherInterface = cache.GetOrCreate(new GrainId(type, c), interfaceId + 1, shared, (id, s) => new TestReference(s, id));
        Assert.NotSame(third, otherInterface);
    }

    // Keys are hashed with a per-process seed, so the colliding ones are found at run time.
    private static (string A, string B, string C) ThreeKeysInOneSet(Func<string, int> set)
    {
        var seen = new Dictionary<int, List<string>>();
        for (int i = 0; ; i++)
        {
            var key = $"key-{i}";
            var bucket = seen.TryGetValue(set(key), out var list) ? list : seen[set(key)] = [];
            bucket.Add(key);
            if (bucket.Count == 3)
            {
                return (bucket[0], bucket[1], bucket[2]);
            }
        }
    }

    private sealed class TestReference(GrainReferenceShared shared, GrainId grainId) : GrainReference(shared, grainId);
}
