namespace GrainChain.Runtime.Storage;

/// <summary>
/// A named store of grain state as opaque bytes. Writes are compare-and-set on the ETag, so a stale writer
/// (for example a duplicate activation) can never overwrite newer state.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored record, or null when none exists.</summary>
    Task<StoredGrainState?> ReadAsync(string stateName, string grainId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="data"/> when the stored ETag equals <paramref name="expectedETag"/> (null: no record
    /// may exist yet) and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.
    /// </summary>
    Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> data, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Deletes the record under the same compare-and-set rule as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(string stateName, string grainId, string? expectedETag, CancellationToken cancellationToken = default);
}
