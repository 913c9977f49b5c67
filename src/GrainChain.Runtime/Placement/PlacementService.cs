using System.Collections.Concurrent;
using System.Reflection;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Placement;

/// <summary>
/// Chooses the silo for a new activation by the grain class's <see cref="PlacementAttribute"/>. A class's strategy
/// is read by reflection once and cached. With no Active silo in the view the local silo is chosen.
/// </summary>
internal sealed class PlacementService
{
    private readonly ConcurrentDictionary<Type, PlacementStrategy> _strategies = new();
    private readonly Random _random;

    public PlacementService()
        : this(Random.Shared)
    {
    }

    /// <param name="random">Source of random choices; must be thread-safe when the service is shared (as <see cref="Random.Shared"/> is).</param>
    public PlacementService(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
    }

    public SiloAddress ChooseSilo(GrainId grainId, Type grainClass, SiloAddress localSilo, MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(view);
        var active = view.ActiveSilos;
        if (active.IsEmpty)
        {
            return localSilo;
        }

        return StrategyOf(grainClass) switch
        {
            PlacementStrategy.PreferLocal when view.IsActive(localSilo) => localSilo,
            PlacementStrategy.HashBased => active[(int)(grainId.GetUniformHashCode() % (uint)active.Length)],
            _ => active[_random.Next(active.Length)],
        };
    }

    /// <summary>
    /// The strategy of <paramref name="grainClass"/>: the placement attribute nearest in its class hierarchy (a
    /// subclass's own attribute overrides its base's), or random without one.
    /// </summary>
    public PlacementStrategy StrategyOf(Type grainClass)
    {
        ArgumentNullException.ThrowIfNull(grainClass);
        return _strategies.GetOrAdd(grainClass, static type => ReadStrategy(type));
    }

    private static PlacementStrategy ReadStrategy(Type grainClass)
    {
        for (var type = grainClass; type is not null; type = type.BaseType)
        {
            var attributes = type.GetCustomAttributes<PlacementAttribute>(inherit: false).ToList();
            if (attributes.Count > 1)
            {
                throw new InvalidOperationException(
                    $"Grain class {type.FullName} has {attributes.Count} placement attributes; a class takes at most one.");
            }
            if (attributes.Count == 1)
            {
                return attributes[0].Strategy;
            }
        }
        return PlacementStrategy.Random;
    }
}
