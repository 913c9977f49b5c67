using System.ComponentModel;
using GrainChain.Runtime.Activation;
using GrainChain.Runtime.State;

namespace GrainChain.Runtime.Metadata;

/// <summary>Helpers that generated grain constructors call for parameters that are not plain services.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainActivatorServices
{
    /// <summary>The value of a <c>[PersistentState("name", "store")] IPersistentState&lt;T&gt;</c> constructor parameter.</summary>
    public static IPersistentState<TState> PersistentState<TState>(IGrainContext context, string stateName, string? storageName)
    {
        var activation = context as ActivationData
            ?? throw new InvalidOperationException("Persistent state can only be created for a grain activation.");
        var state = new PersistentState<TState>(activation, stateName, storageName ?? PersistentStateAttribute.DefaultStorageName);
        activation.AddStateToLoad(state);
        return state;
    }
}
