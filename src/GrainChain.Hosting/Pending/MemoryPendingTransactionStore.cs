using System.Collections.Concurrent;
using GrainChain.Hosting.Blocks;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// Pending transactions in this process's memory, one store per service id shared by every silo of that id (as
/// <see cref="MemoryBlockArchive"/>): a node moved to another in-process silo finds its rows. Nothing is durable.
/// </summary>
internal sealed class MemoryPendingTransactionStore : IPendingTransactionStore
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, SortedDictionary<long, PendingTransaction>>> Services =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, SortedDictionary<long, PendingTransaction>> _nodes;

    public MemoryPendingTransactionStore(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _nodes = Services.GetOrAdd(serviceId, _ => new ConcurrentDictionary<string, SortedDictionary<long, PendingTransaction>>(StringComparer.Ordinal));
    }

    public Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<long> removed,
        CancellationToken cancellationToken = default)
    {
        var (rows, sequences) = PendingRows.Check(node, added, removed);
        cancellationToken.ThrowIfCancellationRequested();
        var stored = _nodes.GetOrAdd(node, _ => []);
        lock (stored)
        {
            // Copies: the caller's later changes to its arrays never reach what is stored.
            foreach (var row in rows) stored.TryAdd(row.Sequence, new PendingTransaction(row.Sequence, row.Id.ToArray(), row.Bytes.ToArray()));
            foreach (var sequence in sequences) stored.Remove(sequence);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        cancellationToken.ThrowIfCancellationRequested();
        if (!_nodes.TryGetValue(node, out var stored)) return Task.FromResult<IReadOnlyList<PendingTransaction>>([]);
        lock (stored)
        {
            return Task.FromResult<IReadOnlyList<PendingTransaction>>(
                [.. stored.Values.Select(r => new PendingTransaction(r.Sequence, r.Id.ToArray(), r.Bytes.ToArray()))]);
        }
    }
}
