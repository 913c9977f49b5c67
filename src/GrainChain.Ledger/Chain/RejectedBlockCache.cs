using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>Hashes known to be invalid and why, forgetting the oldest once full, so re-sent bad blocks cost nothing.</summary>
internal sealed class RejectedBlockCache
{
    private readonly int _capacity;
    private readonly Dictionary<Hash256, BlockValidationResult> _verdicts = new();
    private readonly Queue<Hash256> _order = new();

    public RejectedBlockCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public bool TryGet(Hash256 hash, out BlockValidationResult verdict) => _verdicts.TryGetValue(hash, out verdict);

    /// <summary>Remembers the verdict if it condemns every block with this hash; otherwise does nothing.</summary>
    public void Remember(Hash256 hash, BlockValidationResult verdict)
    {
        if (_capacity == 0 || !verdict.Reason.IsPermanentForHash() || !_verdicts.TryAdd(hash, verdict)) return;
        _order.Enqueue(hash);
        while (_order.Count > _capacity) _verdicts.Remove(_order.Dequeue());
    }
}
