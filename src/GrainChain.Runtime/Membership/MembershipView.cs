using System.Collections.Immutable;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// The cluster as one silo last read it from the membership table: every member's status at one table version.
/// Views only move forward; a view with a lower version than the one held is ignored.
/// </summary>
public sealed class MembershipView
{
    private readonly Dictionary<SiloAddress, MembershipEntry> _bySilo;

    public MembershipView(long version, IEnumerable<MembershipEntry> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Version = version;
        _bySilo = [];
        foreach (var member in members)
        {
            _bySilo[member.Silo] = member;
        }
        Members = [.. _bySilo.Values.OrderBy(m => m.Silo.ToString(), StringComparer.Ordinal)];
        ActiveSilos = [.. Members.Where(m => m.Status == SiloStatus.Active).Select(m => m.Silo)];
    }

    /// <summary>The view of a silo that has read nothing yet.</summary>
    public static MembershipView Empty { get; } = new(-1, []);

    /// <summary>The table version these rows belong to.</summary>
    public long Version { get; }

    /// <summary>Every row, ordered by the silo's text form so all silos enumerate them alike.</summary>
    public ImmutableArray<MembershipEntry> Members { get; }

    /// <summary>The Active silos, ordered by their text form.</summary>
    public ImmutableArray<SiloAddress> ActiveSilos { get; }

    /// <summary>The silo's status, or null when the table has no row for it.</summary>
    public SiloStatus? GetStatus(SiloAddress silo) => _bySilo.TryGetValue(silo, out var entry) ? entry.Status : null;

    public bool IsActive(SiloAddress silo) => GetStatus(silo) == SiloStatus.Active;

    /// <summary>
    /// True when the silo is declared Dead, or a later generation on the same endpoint has a row (so this
    /// incarnation is gone even if nobody wrote it down).
    /// </summary>
    public bool IsDead(SiloAddress silo)
    {
        if (GetStatus(silo) == SiloStatus.Dead)
        {
            return true;
        }
        foreach (var member in Members)
        {
            if (member.Silo.Endpoint.Equals(silo.Endpoint) && member.Silo.Generation > silo.Generation)
            {
                return true;
            }
        }
        return false;
    }

    public override string ToString() => $"v{Version}: {string.Join(", ", Members.Select(m => $"{m.Silo} {m.Status}"))}";
}
