using System.Runtime.CompilerServices;

namespace GrainChain.Runtime.Serialization;

/// <summary>A process-wide small number for each type the serializer has looked up, indexing <see cref="CodecSlots"/>.</summary>
internal static class CodecTypeIndex
{
    private static int s_next = -1;

    public static int Next() => Interlocked.Increment(ref s_next);
}

/// <summary>The <see cref="CodecTypeIndex"/> number of <typeparamref name="T"/>.</summary>
internal static class CodecTypeIndex<T>
{
    public static readonly int Value = CodecTypeIndex.Next();
}

/// <summary>
/// One registry's resolved codecs (or copiers) by type number: a lookup is a static read, a bounds check and a null
/// check, with no dictionary and no allocation. Each registry has its own slots, so the several silos of a test
/// cluster in one process do not evict each other's entries (a shared one-slot cache did, allocating on every call).
/// </summary>
internal sealed class CodecSlots
{
    private readonly Lock _growLock = new();
    private object?[] _slots = new object?[64];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TEntry? Get<T, TEntry>()
        where TEntry : class
    {
        int index = CodecTypeIndex<T>.Value;
        var slots = Volatile.Read(ref _slots);
        // Only Set<T, TEntry> writes slot T, so the cast cannot fail.
        return (uint)index < (uint)slots.Length ? Unsafe.As<TEntry>(slots[index]) : null;
    }

    public void Set<T, TEntry>(TEntry entry)
        where TEntry : class
    {
        int index = CodecTypeIndex<T>.Value;
        lock (_growLock)
        {
            var slots = _slots;
            if (index >= slots.Length)
            {
                var larger = new object?[Math.Max(index + 1, slots.Length * 2)];
                slots.CopyTo(larger, 0);
                slots = larger;
            }
            slots[index] = entry;
            Volatile.Write(ref _slots, slots);
        }
    }
}

/// <summary>A resolved copier and whether it is the identity (so copying can be skipped).</summary>
internal sealed record CopierCacheEntry<T>(IDeepCopier<T> Copier, bool IsIdentity);
