using System.Collections.Concurrent;

namespace GrainChain.Hosting.Blocks;

/// <summary>
/// Blocks in this process's memory, one store per service id shared by every archive of that id: every silo of an
/// in-process cluster (Orleans' TestingHost) sees the same blocks, as SQLite silos sharing a file do. Nothing is
/// durable: the blocks last as long as the process, and are never removed while it runs. For tests and trials.
/// </summary>
internal sealed class MemoryBlockArchive : IBlockArchive
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<byte[], ArchivedBlock>> Services =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<byte[], ArchivedBlock> _blocks;

    public MemoryBlockArchive(string serviceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ServiceId = serviceId;
        _blocks = Services.GetOrAdd(serviceId, _ => new ConcurrentDictionary<byte[], ArchivedBlock>(BlockHashes.HashComparer.Instance));
    }

    public string ServiceId { get; }

    public Task PutAsync(IReadOnlyCollection<ArchivedBlock> blocks, CancellationToken cancellationToken = default)
    {
        var distinct = BlockHashes.DistinctByHash(blocks, nameof(blocks));
        cancellationToken.ThrowIfCancellationRequested();
        // Copies: neither the caller's later changes to its arrays nor another reader's reach the stored block.
        foreach (var block in distinct) _blocks.TryAdd(block.Hash.ToArray(), Copy(block));
        return Task.CompletedTask;
    }

    public Task<ArchivedBlock?> GetAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        BlockHashes.Validate(hash, nameof(hash));
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_blocks.TryGetValue(hash, out var block) ? Copy(block) : null);
    }

    public Task<IReadOnlyList<ArchivedBlock>> GetAncestryAsync(byte[] tipHash, int maxBlocks, CancellationToken cancellationToken = default)
    {
        BlockHashes.Validate(tipHash, nameof(tipHash));
        BlockHashes.ValidateMaxBlocks(maxBlocks);
        cancellationToken.ThrowIfCancellationRequested();
        var chain = new List<ArchivedBlock>();
        var hash = tipHash;
        while (chain.Count < maxBlocks && _blocks.TryGetValue(hash, out var block))
        {
            chain.Add(Copy(block));
            hash = block.PreviousHash;
        }

        return Task.FromResult<IReadOnlyList<ArchivedBlock>>(chain);
    }

    private static ArchivedBlock Copy(ArchivedBlock block) =>
        new(block.Hash.ToArray(), block.PreviousHash.ToArray(), block.Bytes.ToArray());
}
