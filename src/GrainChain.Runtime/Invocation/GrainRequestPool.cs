using System.ComponentModel;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Recycles request objects of one generated type: a per-thread slot for the common case where a caller's
/// continuation issues its next call on the thread that read the response, and a shared stack behind it.
/// </summary>
/// <remarks>
/// The shared stack grows with the calls in flight (up to <see cref="MaxShared"/>), because requests that arrive
/// from another silo are rented on a connection's read loop in bursts of hundreds and returned on the activations'
/// threads: a small fixed pool would drop almost all of them and every inbound call would allocate its request.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainRequestPool<TRequest>
    where TRequest : GrainRequest, new()
{
    private const int MaxShared = 1024;
    private static readonly Lock Gate = new();
    private static TRequest?[] s_shared = new TRequest?[16];
    private static int s_count;

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
        lock (Gate)
        {
            if (s_count > 0)
            {
                item = s_shared[--s_count]!;
                s_shared[s_count] = null;
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
        lock (Gate)
        {
            if (s_count == s_shared.Length)
            {
                if (s_count >= MaxShared)
                {
                    return;
                }
                Array.Resize(ref s_shared, s_count * 2);
            }
            s_shared[s_count++] = item;
        }
    }
}
