namespace GrainChain.Runtime.State;

/// <summary>Marks an <see cref="IPersistentState{TState}"/> constructor parameter: the state's name and the store that keeps it.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    /// <summary>The store used when no store name is given.</summary>
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
