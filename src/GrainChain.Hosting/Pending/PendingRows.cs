namespace GrainChain.Hosting.Pending;

/// <summary>Argument checks shared by the stores' <see cref="IPendingTransactionStore.WriteAsync"/>.</summary>
internal static class PendingRows
{
    /// <summary>
    /// Checks a write's arguments, every element before anything is queued or sent, so a bad argument stores nothing.
    /// Returns them in arrays of the store's own: a caller reusing its collections while the write waits changes
    /// nothing.
    /// </summary>
    public static (PendingTransaction[] Added, long[] Removed) Check(
        string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        var rows = added.ToArray();
        foreach (var row in rows)
        {
            if (row is null) throw new ArgumentException("a pending transaction to store is null", nameof(added));
        }

        var sequences = removed.ToArray();
        foreach (var sequence in sequences) PendingTransaction.ValidateSequence(sequence, nameof(removed));
        return (rows, sequences);
    }

    /// <summary>The rows once per sequence, the first occurrence of each (the one a store keeps), by sequence.</summary>
    public static List<PendingTransaction> DistinctBySequence(PendingTransaction[] rows)
    {
        var seen = new HashSet<long>(rows.Length);
        var distinct = new List<PendingTransaction>(rows.Length);
        foreach (var row in rows)
        {
            if (seen.Add(row.Sequence)) distinct.Add(row);
        }

        distinct.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return distinct;
    }
}
