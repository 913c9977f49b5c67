using System.Collections.Concurrent;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// The part of the grain directory this silo owns: one address per grain, first registration wins. Reads take no
/// lock; a registration changes an entry with compare-and-swap, so racing registrations agree on one winner.
/// Entries on silos that the current membership view says are dead are dropped or replaced.
/// </summary>
internal sealed class GrainDirectoryPartition
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _entries = new();
    private readonly object _viewLock = new();
    private volatile DeadSiloIndex _deadSilos = DeadSiloIndex.Empty;

    /// <summary>Entries held now.</summary>
    public int Count => _entries.Count;

    /// <summary>The newest membership view this partition has been given.</summary>
    public MembershipView View => _deadSilos.View;

    /// <summary>
    /// Registers <paramref name="address"/> unless another live activation of the grain is registered; returns the
    /// winner (the given address, or the one already there). An existing entry on a dead silo is replaced.
    /// </summary>
    /// <exception cref="InvalidOperationException">The address's own silo is dead in this partition's view.</exception>
    public GrainAddress Register(GrainAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var deadSilos = _deadSilos;
        if (deadSilos.IsDead(address.Silo))
        {
            throw DeadSilo(address, deadSilos.View);
        }

        var grainId = address.GrainId;
        GrainAddress winner;
        while (true)
        {
            if (_entries.TryGetValue(grainId, out var existing))
            {
                if (existing.Equals(address) || !deadSilos.IsDead(existing.Silo))
                {
                    return existing;
                }

                if (_entries.TryUpdate(grainId, address, existing))
                {
                    winner = address;
                    break;
                }
            }
            else if (_entries.TryAdd(grainId, address))
            {
                winner = address;
                break;
            }
        }

        // A view declaring the silo dead may have arrived after the check above and swept before the entry was
        // stored; the sweep runs after the view is published, so reading the view again here closes that gap.
        var latest = _deadSilos;
        if (!ReferenceEquals(latest, deadSilos) && latest.IsDead(address.Silo))
        {
            _entries.TryRemove(KeyValuePair.Create(grainId, winner));
            throw DeadSilo(address, latest.View);
        }

        return winner;
    }

    /// <summary>The registered activation of <paramref name="grainId"/>, or null.</summary>
    public GrainAddress? Lookup(GrainId grainId) => _entries.TryGetValue(grainId, out var address) ? address : null;

    /// <summary>Removes the entry only when it is exactly <paramref name="address"/> (same activation); true when removed.</summary>
    public bool Unregister(GrainAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _entries.TryRemove(KeyValuePair.Create(address.GrainId, address));
    }

    /// <summary>
    /// Adopts a newer membership view and drops every entry on a silo it declares dead; views not newer than the
    /// one held are ignored. Returns the number of entries dropped.
    /// </summary>
    public int OnViewChanged(MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        DeadSiloIndex index;
        lock (_viewLock)
        {
            if (view.Version <= _deadSilos.View.Version)
            {
                return 0;
            }

            index = new DeadSiloIndex(view);
            _deadSilos = index;
        }

        return RemoveWhere(address => index.IsDead(address.Silo));
    }

    /// <summary>Drops every entry matching <paramref name="predicate"/> (an entry replaced meanwhile stays); returns how many.</summary>
    public int RemoveWhere(Func<GrainAddress, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        int removed = 0;
        foreach (var entry in _entries)
        {
            if (predicate(entry.Value) && _entries.TryRemove(entry))
            {
                removed++;
            }
        }
        return removed;
    }

    /// <summary>A point-in-time copy of the entries, for hand-over and diagnostics.</summary>
    public IReadOnlyList<GrainAddress> Snapshot() => [.. _entries.Values];

    private static InvalidOperationException DeadSilo(GrainAddress address, MembershipView view) =>
        new($"Cannot register {address}: silo {address.Silo} is dead in membership view v{view.Version}.");
}
