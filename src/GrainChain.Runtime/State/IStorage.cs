namespace GrainChain.Runtime.State;

/// <summary>A grain's handle on one stored record: its version and the operations on it.</summary>
public interface IStorage
{
    /// <summary>The version of the record last read or written; null when no record exists.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <c>State</c> if the stored version is still <see cref="Etag"/>; otherwise throws InconsistentStateException.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the record under the same version check, and resets <c>State</c> to a new value.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>A typed stored record.</summary>
public interface IStorage<TState> : IStorage
{
    TState State { get; set; }
}
