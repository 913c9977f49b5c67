using System.Collections.Immutable;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// Which Active silo owns a grain's directory entry: every silo puts <see cref="VirtualPointsPerSilo"/> points on a
/// 32-bit ring, and a grain belongs to the first point at or after its own position. Adding or removing one silo
/// moves only the grains between its points and their predecessors. Immutable; built once per membership view.
/// </summary>
public sealed class ConsistentRing
{
    /// <summary>Points per silo unless told otherwise; enough for a spread within a few tens of percent.</summary>
    public const int DefaultVirtualPointsPerSilo = 32;

    private readonly uint[] _positions;
    private readonly SiloAddress[] _owners;

    private ConsistentRing(long version, ImmutableArray<SiloAddress> silos, int virtualPointsPerSilo)
    {
        Version = version;
        Silos = silos;
        VirtualPointsPerSilo = virtualPointsPerSilo;
        var points = new (uint Position, string Text, SiloAddress Silo)[silos.Length * virtualPointsPerSilo];
        int next = 0;
        foreach (var silo in silos)
        {
            var text = silo.ToString();
            var siloHash = RingHash.Of(silo);
            for (int i = 0; i < virtualPointsPerSilo; i++)
            {
                points[next++] = (RingHash.PointOf(siloHash, i), text, silo);
            }
        }

        // Ties between silos are broken by text so that every process builds exactly the same ring.
        Array.Sort(points, static (a, b) =>
        {
            int byPosition = a.Position.CompareTo(b.Position);
            return byPosition != 0 ? byPosition : string.CompareOrdinal(a.Text, b.Text);
        });
        _positions = new uint[points.Length];
        _owners = new SiloAddress[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            _positions[i] = points[i].Position;
            _owners[i] = points[i].Silo;
        }
    }

    /// <summary>The ring of no silo: owns nothing.</summary>
    public static ConsistentRing Empty { get; } = new(-1, [], DefaultVirtualPointsPerSilo);

    /// <summary>The membership version the ring was built from.</summary>
    public long Version { get; }

    /// <summary>The silos on the ring, ordered by text form.</summary>
    public ImmutableArray<SiloAddress> Silos { get; }

    public int VirtualPointsPerSilo { get; }

    public bool IsEmpty => _positions.Length == 0;

    /// <summary>Builds the ring of the view's Active silos.</summary>
    public static ConsistentRing From(MembershipView view, int virtualPointsPerSilo = DefaultVirtualPointsPerSilo)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualPointsPerSilo, 1);
        return new ConsistentRing(view.Version, view.ActiveSilos, virtualPointsPerSilo);
    }

    /// <summary>The silo owning <paramref name="grainId"/>'s directory entry, or null when the ring is empty.</summary>
    public SiloAddress? Owner(GrainId grainId)
    {
        var positions = _positions;
        if (positions.Length == 0)
        {
            return null;
        }

        uint key = RingHash.Of(grainId);
        // Lower bound: the first point at or after the key; past the last point the ring wraps to the first.
        int low = 0;
        int high = positions.Length;
        while (low < high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            if (positions[middle] < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return _owners[low == positions.Length ? 0 : low];
    }

    public override string ToString() => $"ring v{Version}: {Silos.Length} silos x {VirtualPointsPerSilo} points";
}
