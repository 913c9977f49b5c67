using GrainChain.Hosting.Blocks;

namespace GrainChain.Hosting.Pending;

/// <summary>Argument checks shared by the database stores' <see cref="IPendingTransactionStore.WriteAsync"/>.</summary>
internal static class PendingRows
{
    /// <summary>
    /// Checks a write's arguments, every element before anything is queued or sent, so a bad argument stores nothing.
    /// Returns them in arrays of the store's own: a caller reusing its collections while the write waits changes
    /// nothing.
    /// </summary>
    public static (PendingTransaction[] Added, byte[][] Removed) Check(
        string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<byte[]> removed)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var rows = added.ToArray();
        foreach (var row in rows)
        {
            if (row is null) throw new ArgumentException("a pending transaction to store is null", nameof(added));
        }

        var ids = removed.ToArray();
        foreach (var id in ids) PendingTransaction.ValidateId(id, nameof(removed));
        return (rows, ids);
    }

    /// <summary>The rows once per id, the first occurrence of each (the one a store keeps), ordered by id.</summary>
    public static List<PendingTransaction> DistinctById(PendingTransaction[] rows)
    {
        var seen = new HashSet<byte[]>(rows.Length, BlockHashes.HashComparer.Instance);
        var distinct = new List<PendingTransaction>(rows.Length);
        foreach (var row in rows)
        {
            if (seen.Add(row.Id)) distinct.Add(row);
        }

        distinct.Sort((a, b) => BlockHashes.HashComparer.Instance.Compare(a.Id, b.Id));
        return distinct;
    }
}
