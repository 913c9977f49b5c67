namespace GrainChain.Runtime.Placement;

/// <summary>New activations go to a random Active silo; the default for classes without a placement attribute.</summary>
public sealed class RandomPlacementAttribute : PlacementAttribute
{
    internal override PlacementStrategy Strategy => PlacementStrategy.Random;
}
