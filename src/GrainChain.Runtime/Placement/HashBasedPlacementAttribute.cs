namespace GrainChain.Runtime.Placement;

/// <summary>New activations go to the Active silo chosen by the grain id's uniform hash, the same on every caller.</summary>
public sealed class HashBasedPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.HashBased;
}
