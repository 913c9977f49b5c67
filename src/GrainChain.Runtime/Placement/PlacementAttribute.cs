namespace GrainChain.Runtime.Placement;

/// <summary>
/// Says on which silo a new activation of a grain class is created. The set of strategies is closed: the runtime
/// implements each one (see <see cref="PlacementService"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class PlacementAttribute : Attribute
{
    private protected PlacementAttribute()
    {
    }

    internal abstract PlacementStrategy Strategy { get; }
}
