namespace GrainChain.Runtime.Placement;

/// <summary>New activations go to the calling silo when it is Active, otherwise to a random Active silo.</summary>
public sealed class PreferLocalPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.PreferLocal;
}
