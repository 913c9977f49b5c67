namespace GrainChain.Runtime.State;

/// <summary>
/// Persistent state injected into a grain constructor with <see cref="PersistentStateAttribute"/>; read before
/// <see cref="Grain.OnActivateAsync"/>, written when the grain asks.
/// </summary>
public interface IPersistentState<TState> : IStorage<TState>;
