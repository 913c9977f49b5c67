using System.Collections.Concurrent;

namespace GrainChain.Runtime.Storage;

/// <summary>A thread-safe in-process store for tests; its records vanish with the instance.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, string GrainId), Entry> _entries = new();

    public MemoryGrainStorage(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name the store was registered under.</summary>
    public string Name { get; }

    public Task<StoredGrainState?> ReadAsync(string stateName, string grainId, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<StoredGrainState?>(cancellationToken);
        }

        var found = _entries.TryGetValue((stateName, grainId), out var entry)
            ? new StoredGrainState(entry.Data, StorageETag.Format(entry.ETag))
            : null;
        return Task.FromResult(found);
    }

    public Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(cancellationToken);
        }

        var key = (stateName, grainId);
        // The caller may reuse its buffer after the call, so the store keeps its own copy.
        var copy = data.ToArray();
        if (expectedETag is null)
        {
            var created = new Entry(copy, StorageETag.Next(null));
            return _entries.TryAdd(key, created)
                ? Task.FromResult(StorageETag.Format(created.ETag))
                : Task.FromException<string>(Conflict("write", key, expectedETag));
        }

        if (_entries.TryGetValue(key, out var current)
            && StorageETag.TryParse(expectedETag, out var expected)
            && current.ETag == expected)
        {
            var replacement = new Entry(copy, StorageETag.Next(current.ETag));
            // TryUpdate compares entries by reference, so it succeeds only if nobody replaced `current` meanwhile.
            if (_entries.TryUpdate(key, replacement, current))
            {
                return Task.FromResult(StorageETag.Format(replacement.ETag));
            }
        }

        return Task.FromException<string>(Conflict("write", key, expectedETag));
    }

    public Task ClearAsync(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default)
    {
        StorageKeyRules.Validate(stateName, grainId);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        var key = (stateName, grainId);
        if (expectedETag is null)
        {
            return _entries.ContainsKey(key) ? Task.FromException(Conflict("clear", key, expectedETag)) : Task.CompletedTask;
        }

        if (_entries.TryGetValue(key, out var current)
            && StorageETag.TryParse(expectedETag, out var expected)
            && current.ETag == expected
            && _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, current)))
        {
            return Task.CompletedTask;
        }

        return Task.FromException(Conflict("clear", key, expectedETag));
    }

    private InconsistentStateException Conflict(string operation, (string StateName, string GrainId) key, string? expectedETag)
    {
        var current = _entries.TryGetValue(key, out var entry) ? StorageETag.Format(entry.ETag) : null;
        return InconsistentStateException.ForRecord(Name, operation, key.StateName, key.GrainId, expectedETag, current);
    }

    /// <summary>A class, not a record, so that compare-and-swap on the dictionary compares identities.</summary>
    private sealed class Entry(byte[] data, long eTag)
    {
        public byte[] Data { get; } = data;

        public long ETag { get; } = eTag;
    }
}
