namespace GrainChain.Hosting.Tests.Storage;

/// <summary>
/// The state container the contract hands to a store: Orleans' <c>IGrainState</c> with a state that is never null,
/// as a store must leave it after every call (a default instance when there is no record).
/// </summary>
public sealed class HeldState(ContractState state, string? etag = null, bool recordExists = false) : IGrainState<ContractState>
{
    public ContractState State { get; set; } = state;

    public string? ETag { get; set; } = etag;

    public bool RecordExists { get; set; } = recordExists;

    ContractState? IGrainState<ContractState>.State
    {
        get => State;
        set => State = value ?? throw new InvalidOperationException("the store set a null state");
    }
}
