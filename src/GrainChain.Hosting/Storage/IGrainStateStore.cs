namespace GrainChain.Hosting.Storage;

/// <summary>Where <see cref="GrainChainGrainStorage"/> keeps records: one database, shared by every storage name on it.</summary>
internal interface IGrainStateStore
{
    Task<StoredState> ReadAsync(StateKey key);

    /// <summary>Applies a compare-and-set; completes once it is durable (or rejected).</summary>
    Task<StateOutcome> ApplyAsync(StateCommand command);
}
