using System.Collections.Concurrent;
using GrainChain.Hosting.Blocks;

namespace GrainChain.Hosting.Pending;

/// <summary>
/// Pending transactions in this process's memory, one store per service id shared by every silo of that id (as
/// <see cref="MemoryBlockArchive"/>): a node moved to another in-process silo finds its rows. Nothing is durable.
/// </summary>
internal sealed class MemoryPendingTransactionStore : IPendingTransactionStore
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Dictionary<byte[], byte[]>>> Services =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Dictionary<byte[], byte[]>> _nodes;

    public MemoryPendingTransactionStore(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        _nodes = Services.GetOrAdd(serviceId, _ => new ConcurrentDictionary<string, Dictionary<byte[], byte[]>>(StringComparer.Ordinal));
    }

    public Task WriteAsync(string node, IReadOnlyCollection<PendingTransaction> added, IReadOnlyCollection<byte[]> removed,
        CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(removed);
        foreach (var row in added) ArgumentNullException.ThrowIfNull(row, nameof(added));
        foreach (var id in removed) PendingTransaction.ValidateId(id, nameof(removed));
        cancellationToken.ThrowIfCancellationRequested();
        var rows = _nodes.GetOrAdd(node, _ => new Dictionary<byte[], byte[]>(BlockHashes.HashComparer.Instance));
        lock (rows)
        {
            // Copies: the caller's later changes to its arrays never reach what is stored.
            foreach (var row in added) rows.TryAdd(row.Id.ToArray(), row.Bytes.ToArray());
            foreach (var id in removed) rows.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PendingTransaction>> ReadAsync(string node, CancellationToken cancellationToken = default)
    {
        PendingTransaction.ValidateNode(node, nameof(node));
        cancellationToken.ThrowIfCancellationRequested();
        if (!_nodes.TryGetValue(node, out var rows)) return Task.FromResult<IReadOnlyList<PendingTransaction>>([]);
        lock (rows)
        {
            return Task.FromResult<IReadOnlyList<PendingTransaction>>(
                [.. rows.Select(r => new PendingTransaction(r.Key.ToArray(), r.Value.ToArray()))]);
        }
    }
}
