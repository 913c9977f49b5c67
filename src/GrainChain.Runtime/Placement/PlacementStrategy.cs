namespace GrainChain.Runtime.Placement;

/// <summary>The placement strategies the runtime implements, one per <see cref="PlacementAttribute"/>.</summary>
internal enum PlacementStrategy
{
    Random,
    PreferLocal,
    HashBased,
}
