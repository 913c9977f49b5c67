using System.ComponentModel;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Recycles request objects of one generated type: a per-thread slot for the common case where a caller's
/// continuation issues its next call on the thread that read the response, and a small shared array behind it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainRequestPool<TRequest>
    where TRequest : GrainRequest, new()
{
    private static readonly TRequest?[] Shared = new TRequest?[Math.Max(16, Environment.ProcessorCount * 8)];

    [ThreadStatic]
    private static TRequest? t_slot;

    public static TRequest Rent()
    {
        var item = t_slot;
        if (item is not null)
        {
            t_slot = null;
            return item;
        }
        var shared = Shared;
        for (int i = 0; i < shared.Length; i++)
        {
            item = Volatile.Read(ref shared[i]);
            if (item is not null && Interlocked.CompareExchange(ref shared[i], null, item) == item)
            {
                return item;
            }
        }
        return new TRequest();
    }

    public static void Return(TRequest item)
    {
        if (t_slot is null)
        {
            t_slot = item;
            return;
        }
        var shared = Shared;
        for (int i = 0; i < shared.Length; i++)
        {
            if (Volatile.Read(ref shared[i]) is null && Interlocked.CompareExchange(ref shared[i], item, null) is null)
            {
                return;
            }
        }
    }
}
