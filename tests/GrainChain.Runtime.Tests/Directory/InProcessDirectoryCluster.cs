using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Runtime.Tests.GrainDirectory;

/// <summary>
/// Several silos' directories in one process: each silo has a real partition and a real distributed directory,
/// and remote calls reach the owner's partition through <see cref="InProcessRemoteDirectory"/>.
/// </summary>
internal sealed class InProcessDirectoryCluster
{
    private readonly Dictionary<SiloAddress, GrainDirectoryPartition> _partitions = [];
    private readonly Dictionary<SiloAddress, DistributedGrainDirectory> _directories = [];
    private readonly HashSet<SiloAddress> _unreachable = [];
    private readonly HashSet<SiloAddress> _gone = [];

    public InProcessDirectoryCluster(params SiloAddress[] silos)
    {
        foreach (var silo in silos)
        {
            Add(silo);
        }
    }

    public DistributedGrainDirectory Add(SiloAddress silo)
    {
        var partition = new GrainDirectoryPartition();
        _partitions[silo] = partition;
        var directory = new DistributedGrainDirectory(silo, partition, owner => new InProcessRemoteDirectory(this, owner), NullLogger.Instance,
            owner => DepartureCheck?.Invoke(owner) ?? Task.FromResult(false));
        _directories[silo] = directory;
        return directory;
    }

    private int _remoteCalls;

    /// <summary>Every call that crossed to another silo's partition.</summary>
    public int RemoteCalls => Volatile.Read(ref _remoteCalls);

    public DistributedGrainDirectory this[SiloAddress silo] => _directories[silo];

    public GrainDirectoryPartition Partition(SiloAddress silo) => _partitions[silo];

    /// <summary>Calls to this silo's partition fail from now on, as they would when its process is gone.</summary>
    public void MakeUnreachable(SiloAddress silo) => _unreachable.Add(silo);

    public void MakeReachable(SiloAddress silo) => _unreachable.Remove(silo);

    /// <summary>Connections to this silo are refused from now on, as they are once it has stopped.</summary>
    public void MakeGone(SiloAddress silo) => _gone.Add(silo);

    /// <summary>What membership answers when a directory asks whether an unreachable owner has left; false when unset.</summary>
    public SiloDepartureCheck? DepartureCheck { get; set; }

    /// <summary>Gives every directory the same view, as membership would.</summary>
    public void Publish(MembershipView view)
    {
        foreach (var directory in _directories.Values)
        {
            directory.OnViewChanged(view);
        }
    }

    internal GrainDirectoryPartition Reach(SiloAddress silo)
    {
        Interlocked.Increment(ref _remoteCalls);
        if (_unreachable.Contains(silo) || !_partitions.TryGetValue(silo, out var partition))
        {
            throw new InvalidOperationException($"Connection to {silo} refused.");
        }
        if (_gone.Contains(silo))
        {
            throw new SiloUnavailableException($"Could not connect to silo {silo}: Connection refused");
        }
        return partition;
    }
}

/// <summary>An in-process transport for <see cref="IRemoteGrainDirectory"/>: each call runs on the owner's real partition.</summary>
internal sealed class InProcessRemoteDirectory(InProcessDirectoryCluster cluster, SiloAddress owner) : IRemoteGrainDirectory
{
    public async ValueTask<GrainAddress> RegisterAsync(GrainAddress address)
    {
        await Task.Yield();
        return cluster.Reach(owner).Register(address);
    }

    public async ValueTask<GrainAddress?> LookupAsync(GrainId grainId)
    {
        await Task.Yield();
        return cluster.Reach(owner).Lookup(grainId);
    }

    public async ValueTask<bool> UnregisterAsync(GrainAddress address)
    {
        await Task.Yield();
        return cluster.Reach(owner).Unregister(address);
    }

    public async ValueTask<GrainAddress[]> RegisterManyAsync(GrainAddress[] addresses)
    {
        await Task.Yield();
        var partition = cluster.Reach(owner);
        return [.. addresses.Select(partition.Register)];
    }
}
