using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// The cluster-wide grain directory as one silo uses it: each grain's entry lives in the partition of the silo that
/// owns it on the <see cref="ConsistentRing"/> of Active silos; this silo's own partition is called directly, the
/// others through <see cref="IRemoteGrainDirectory"/>. After a ring change the silo re-registers its activations
/// whose owner moved and hands over entries it no longer owns. A single-grain operation whose owner cannot be
/// reached asks membership whether the owner has left and, if so, runs once more against the fresh ring.
/// </summary>
internal sealed class DistributedGrainDirectory
{
    /// <summary>Most addresses sent in one batch call, so a batch stays far below the message frame limit.</summary>
    public const int MaxBatchSize = 512;

    private readonly SiloAddress _self;
    private readonly GrainDirectoryPartition _local;
    private readonly Func<SiloAddress, IRemoteGrainDirectory> _remote;
    private readonly ILogger _logger;
    private readonly SiloDepartureCheck? _ownerLeft;
    private readonly string _selfText;
    private readonly object _viewLock = new();
    private readonly SemaphoreSlim _reRegisterGate = new(1, 1);
    private volatile ConsistentRing _ring = ConsistentRing.Empty;
    private long _viewVersion = ConsistentRing.Empty.Version;

    // The ring whose hand-over last completed; a later call for the same ring has nothing new to move.
    private volatile ConsistentRing? _handedOffRing;

    // The ring this silo's activations were last re-registered against; guarded by _reRegisterGate.
    private ConsistentRing _registeredRing = ConsistentRing.Empty;

    // Rings adopted since then, oldest first; guarded by _viewLock. An activation may have been registered under
    // any of them, so it is re-registered unless all of them agree with the current ring on its owner.
    private readonly List<ConsistentRing> _ringsSinceReRegistration = [];

    public DistributedGrainDirectory(
        SiloAddress self, GrainDirectoryPartition local, Func<SiloAddress, IRemoteGrainDirectory> remote, ILogger logger, SiloDepartureCheck? ownerLeft = null)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(logger);
        _self = self;
        _local = local;
        _remote = remote;
        _logger = logger;
        _ownerLeft = ownerLeft;
        _selfText = self.ToString();
    }

    /// <summary>The ring of the newest view given to <see cref="OnViewChanged"/>.</summary>
    public ConsistentRing Ring => _ring;

    /// <summary>The silo owning <paramref name="grainId"/>'s entry; this silo while no silo is Active.</summary>
    public SiloAddress OwnerOf(GrainId grainId) => _ring.Owner(grainId) ?? _self;

    /// <summary>Registers the activation at the owner unless another live one is registered there; returns the winner.</summary>
    public ValueTask<GrainAddress> RegisterAsync(GrainAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var owner = OwnerOf(address.GrainId);
        return IsSelf(owner) ? new(_local.Register(address)) : RegisterRemoteAsync(owner, address);
    }

    /// <summary>The activation registered for <paramref name="grainId"/> at its owner, or null.</summary>
    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId)
    {
        var owner = OwnerOf(grainId);
        return IsSelf(owner) ? new(_local.Lookup(grainId)) : LookupRemoteAsync(owner, grainId);
    }

    /// <summary>Removes the entry at the owner when it is exactly this activation.</summary>
    public ValueTask UnregisterAsync(GrainAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var owner = OwnerOf(address.GrainId);
        if (IsSelf(owner))
        {
            _local.Unregister(address);
            return ValueTask.CompletedTask;
        }
        return UnregisterRemoteAsync(owner, address);
    }

    /// <summary>
    /// Adopts a newer view (older ones are ignored): lets the local partition drop the entries of dead silos and,
    /// when the set of Active silos changed, builds the new ring. A view that changes only other rows (suspicion
    /// votes, Joining silos) keeps the ring, so <see cref="Ring"/>'s version moves only when ownership can move.
    /// Entries the new ring gives to other silos stay until <see cref="ReRegisterAsync"/> or <see cref="HandOffAsync"/>.
    /// </summary>
    public void OnViewChanged(MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        ConsistentRing? changed = null;
        lock (_viewLock)
        {
            if (view.Version <= _viewVersion)
            {
                return;
            }
            _viewVersion = view.Version;
            if (!_ring.Silos.SequenceEqual(view.ActiveSilos))
            {
                changed = ConsistentRing.From(view);
                _ring = changed;
                _ringsSinceReRegistration.Add(changed);
            }
        }

        var dropped = _local.OnViewChanged(view);
        if (changed is not null)
        {
            _logger.RingChanged(_selfText, changed.Version, changed.Silos.Length, dropped);
        }
    }

    /// <summary>
    /// Brings the directory in line with the current ring after a view change. First hands over the local entries
    /// the ring now gives to other silos (see <see cref="HandOffAsync"/>); then re-registers those of
    /// <paramref name="localActivations"/> (this silo's activations) whose owner on the current ring differs from
    /// their owner on the ring of the previous call or on any ring adopted since, in one batch per owner. Returns
    /// the addresses that lost: another activation of the same grain was registered first; the caller deactivates them.
    /// </summary>
    /// <exception cref="GrainDirectoryException">An owner failed; the next call retries every moved activation.</exception>
    public async Task<IReadOnlyList<GrainAddress>> ReRegisterAsync(IEnumerable<GrainAddress> localActivations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localActivations);
        await _reRegisterGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ConsistentRing current;
            ConsistentRing[] earlier;
            lock (_viewLock)
            {
                current = _ring;
                earlier = [_registeredRing, .. _ringsSinceReRegistration];
            }

            await HandOffForRingAsync(current, cancellationToken).ConfigureAwait(false);

            var byOwner = new Dictionary<SiloAddress, List<GrainAddress>>();
            int moved = 0;
            foreach (var address in localActivations)
            {
                var owner = current.Owner(address.GrainId) ?? _self;
                if (!OwnedByAll(earlier, address.GrainId, owner))
                {
                    AddTo(byOwner, owner, address);
                    moved++;
                }
            }

            var results = await Task.WhenAll(byOwner.Select(pair => RegisterBatchAsync(pair.Key, pair.Value, "re-registration", cancellationToken))).ConfigureAwait(false);
            var losers = new List<GrainAddress>();
            foreach (var result in results)
            {
                losers.AddRange(result);
            }

            lock (_viewLock)
            {
                // The rings up to and including `current` are covered now; newer ones wait for the next call.
                _ringsSinceReRegistration.RemoveRange(0, earlier.Length - 1);
                _registeredRing = current;
            }
            _logger.ReRegistered(_selfText, moved, current.Version, losers.Count);
            return losers;
        }
        finally
        {
            _reRegisterGate.Release();
        }
    }

    /// <summary>
    /// Sends every local entry the current ring gives to another silo to that silo (first registration still wins
    /// there) and removes it here, so lookups at the new owner find activations before their silos re-register
    /// them, and no stale entry waits here for the ring to come back. Returns how many entries left. An owner that
    /// fails only loses the hand-over: its entries are dropped here all the same, and the activations' own silos
    /// re-register them. <see cref="ReRegisterAsync"/> does this first, so callers of it need not call this too.
    /// Once done for a ring, later calls for the same ring return 0 without scanning.
    /// </summary>
    public Task<int> HandOffAsync(CancellationToken cancellationToken) => HandOffForRingAsync(_ring, cancellationToken);

    private async Task<int> HandOffForRingAsync(ConsistentRing ring, CancellationToken cancellationToken)
    {
        if (ring.IsEmpty || ReferenceEquals(ring, _handedOffRing))
        {
            return 0;
        }

        var byOwner = new Dictionary<SiloAddress, List<GrainAddress>>();
        foreach (var address in _local.Snapshot())
        {
            var owner = ring.Owner(address.GrainId)!;
            if (!IsSelf(owner))
            {
                AddTo(byOwner, owner, address);
            }
        }

        var handedOff = await Task.WhenAll(byOwner.Select(pair => HandOffToAsync(pair.Key, pair.Value, cancellationToken))).ConfigureAwait(false);
        _handedOffRing = ring;
        return handedOff.Sum();
    }

    private async Task<int> HandOffToAsync(SiloAddress owner, List<GrainAddress> entries, CancellationToken cancellationToken)
    {
        try
        {
            await RegisterBatchAsync(owner, entries, "hand-over", cancellationToken).ConfigureAwait(false);
        }
        catch (GrainDirectoryException)
        {
            // Logged by RegisterBatchAsync; the activations' silos re-register these entries themselves.
        }

        int removed = 0;
        foreach (var address in entries)
        {
            if (_local.Unregister(address))
            {
                removed++;
            }
        }
        return removed;
    }

    private static void AddTo(Dictionary<SiloAddress, List<GrainAddress>> byOwner, SiloAddress owner, GrainAddress address)
    {
        if (!byOwner.TryGetValue(owner, out var batch))
        {
            byOwner[owner] = batch = [];
        }
        batch.Add(address);
    }

    private bool OwnedByAll(ConsistentRing[] rings, GrainId grainId, SiloAddress owner)
    {
        foreach (var ring in rings)
        {
            if (!owner.Equals(ring.Owner(grainId) ?? _self))
            {
                return false;
            }
        }
        return true;
    }

    private async Task<List<GrainAddress>> RegisterBatchAsync(SiloAddress owner, List<GrainAddress> addresses, string operation, CancellationToken cancellationToken)
    {
        var losers = new List<GrainAddress>();
        for (int start = 0; start < addresses.Count; start += MaxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = addresses.GetRange(start, Math.Min(MaxBatchSize, addresses.Count - start)).ToArray();
            GrainAddress[] winners;
            if (IsSelf(owner))
            {
                winners = new GrainAddress[batch.Length];
                for (int i = 0; i < batch.Length; i++)
                {
                    winners[i] = _local.Register(batch[i]);
                }
            }
            else
            {
                winners = await CallOwnerAsync(owner, operation, batch, static (directory, batch) => directory.RegisterManyAsync(batch)).ConfigureAwait(false);
                if (winners is null || winners.Length != batch.Length)
                {
                    throw OwnerFailed(owner, operation, new InvalidOperationException(
                        $"The owner answered {winners?.Length ?? 0} winners for a batch of {batch.Length} addresses."));
                }
            }

            for (int i = 0; i < batch.Length; i++)
            {
                if (!batch[i].Equals(winners[i]))
                {
                    losers.Add(batch[i]);
                }
            }
        }
        return losers;
    }

    private ValueTask<GrainAddress> RegisterRemoteAsync(SiloAddress owner, GrainAddress address) =>
        CallOwnerOrItsSuccessorAsync(owner, address.GrainId, "registration", address,
            static (partition, address) => partition.Register(address),
            static (directory, address) => directory.RegisterAsync(address));

    private ValueTask<GrainAddress?> LookupRemoteAsync(SiloAddress owner, GrainId grainId) =>
        CallOwnerOrItsSuccessorAsync(owner, grainId, "lookup", grainId,
            static (partition, grainId) => partition.Lookup(grainId),
            static (directory, grainId) => directory.LookupAsync(grainId));

    private async ValueTask UnregisterRemoteAsync(SiloAddress owner, GrainAddress address) =>
        await CallOwnerOrItsSuccessorAsync(owner, address.GrainId, "unregistration", address,
            static (partition, address) => partition.Unregister(address),
            static (directory, address) => directory.UnregisterAsync(address)).ConfigureAwait(false);

    // Every single-grain operation is safe to repeat (lookups read; registration and unregistration are
    // compare-and-set on the activation), so one whose owner turned out to have left runs once more on the new ring.
    private async ValueTask<TResult> CallOwnerOrItsSuccessorAsync<TArgument, TResult>(
        SiloAddress owner,
        GrainId grainId,
        string operation,
        TArgument argument,
        Func<GrainDirectoryPartition, TArgument, TResult> local,
        Func<IRemoteGrainDirectory, TArgument, ValueTask<TResult>> remote)
    {
        try
        {
            return await CallOwnerAsync(owner, operation, argument, remote).ConfigureAwait(false);
        }
        catch (GrainDirectoryException exception) when (_ownerLeft is not null && UnreachableSilo.Is(exception.InnerException))
        {
            if (!await _ownerLeft(owner).ConfigureAwait(false))
            {
                throw;
            }
        }

        var successor = OwnerOf(grainId);
        _logger.RetryingWithSuccessor(_selfText, operation, owner.ToString(), successor.ToString());
        return IsSelf(successor) ? local(_local, argument) : await CallOwnerAsync(successor, operation, argument, remote).ConfigureAwait(false);
    }

    private async ValueTask<TResult> CallOwnerAsync<TArgument, TResult>(
        SiloAddress owner, string operation, TArgument argument, Func<IRemoteGrainDirectory, TArgument, ValueTask<TResult>> call)
    {
        try
        {
            return await call(_remote(owner), argument).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not GrainDirectoryException)
        {
            throw OwnerFailed(owner, operation, exception);
        }
    }

    private GrainDirectoryException OwnerFailed(SiloAddress owner, string operation, Exception exception)
    {
        _logger.OwnerFailed(exception, _selfText, operation, owner.ToString());
        return new GrainDirectoryException(owner, operation, exception);
    }

    private bool IsSelf(SiloAddress silo) => ReferenceEquals(silo, _self) || silo.Equals(_self);
}
