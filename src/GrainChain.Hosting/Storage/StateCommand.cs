namespace GrainChain.Hosting.Storage;

/// <summary>
/// One compare-and-set a store applies: store <see cref="Payload"/> (or clear the state when it is null)
/// if the stored version is <see cref="Expected"/> (null: no record yet). Completes after the batch it ran in is
/// committed, or with the error that stopped the batch.
/// </summary>
internal sealed class StateCommand(StateKey key, byte[]? payload, long? expected)
{
    private readonly TaskCompletionSource<StateOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StateKey Key { get; } = key;

    /// <summary>The serialized state; null for a clear.</summary>
    public byte[]? Payload { get; } = payload;

    public long? Expected { get; } = expected;

    public bool IsClear => Payload is null;

    public Task<StateOutcome> Outcome => _outcome.Task;

    public void Complete(StateOutcome outcome) => _outcome.TrySetResult(outcome);

    public void Fail(Exception error) => _outcome.TrySetException(error);
}

/// <summary>
/// What a <see cref="StateCommand"/> did. Applied: the record now has <see cref="Version"/> (null: there is no record,
/// after clearing a state that was never written). Not applied: the ETag was stale; <see cref="Version"/> is the
/// stored one (null: no record).
/// </summary>
internal readonly record struct StateOutcome(bool Applied, long? Version);
