using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using GrainChain.Runtime;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Benchmarks.GrainDirectory;

/// <summary>
/// The directory's hot paths: a partition's register, lookup and unregister over 100,000 entries, and the ring's
/// owner lookup for clusters of 3 to 100 silos. Figures are per operation (each benchmark runs a batch of 1,024).
/// </summary>
[MemoryDiagnoser]
public class GrainDirectoryBenchmarks
{
    private const int Batch = 1024;
    private const int Resident = 100_000;

    private GrainDirectoryPartition _partition = null!;
    private DistributedGrainDirectory _directory = null!;
    private ConsistentRing _ring = null!;
    private MembershipView _view = null!;
    private GrainAddress[] _fresh = null!;
    private GrainAddress[] _rivals = null!;
    private GrainId[] _resident = null!;
    private GrainId[] _missing = null!;

    [Params(3, 100)]
    public int Silos { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var silos = Enumerable.Range(0, Silos).Select(i => new SiloAddress(new IPEndPoint(IPAddress.Loopback, 11000 + i), 638700000000000000)).ToArray();
        _view = new MembershipView(1, silos.Select(s => new MembershipEntry
        {
            Silo = s,
            Status = SiloStatus.Active,
            StartTime = DateTimeOffset.UnixEpoch,
            IAmAliveTime = DateTimeOffset.UnixEpoch,
        }));
        _ring = ConsistentRing.From(_view);
        _partition = new GrainDirectoryPartition();
        _partition.OnViewChanged(_view);
        _directory = new DistributedGrainDirectory(silos[0], _partition, _ => throw new InvalidOperationException("the benchmark stays local"), NullLogger.Instance);

        _resident = [.. Enumerable.Range(0, Resident).Select(i => Id("resident", i))];
        foreach (var id in _resident)
        {
            _partition.Register(new GrainAddress(id, silos[id.GetHashCode() & 1], Guid.NewGuid()));
        }
        _rivals = [.. _resident.Take(Batch).Select(id => new GrainAddress(id, silos[^1], Guid.NewGuid()))];
        _fresh = [.. Enumerable.Range(0, Batch).Select(i => new GrainAddress(Id("fresh", i), silos[0], Guid.NewGuid()))];
        _missing = [.. Enumerable.Range(0, Batch).Select(i => Id("missing", i))];
    }

    /// <summary>A new activation registered and later unregistered: the two writes every activation pays.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PartitionRegisterAndUnregister()
    {
        int won = 0;
        foreach (var address in _fresh)
        {
            if (ReferenceEquals(_partition.Register(address), address))
            {
                won++;
            }
        }
        foreach (var address in _fresh)
        {
            _partition.Unregister(address);
        }
        return won;
    }

    /// <summary>A registration that loses to the entry already there (a racing activation elsewhere).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int PartitionRegisterLosing()
    {
        int lost = 0;
        foreach (var address in _rivals)
        {
            if (!ReferenceEquals(_partition.Register(address), address))
            {
                lost++;
            }
        }
        return lost;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int PartitionLookupHit()
    {
        int found = 0;
        var ids = _resident;
        for (int i = 0; i < Batch; i++)
        {
            if (_partition.Lookup(ids[i * 97]) is not null)
            {
                found++;
            }
        }
        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int PartitionLookupMiss()
    {
        int found = 0;
        foreach (var id in _missing)
        {
            if (_partition.Lookup(id) is not null)
            {
                found++;
            }
        }
        return found;
    }

    /// <summary>Lookups on two threads at once: reads take no lock, so they should not slow each other down.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Batch)]
    public int PartitionLookupHitTwoThreads()
    {
        int found = 0;
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, thread =>
        {
            int local = 0;
            for (int i = 0; i < Batch; i++)
            {
                if (_partition.Lookup(_resident[(i * 97 + thread * 13) % Resident]) is not null)
                {
                    local++;
                }
            }
            Interlocked.Add(ref found, local);
        });
        return found;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int RingOwner()
    {
        int hash = 0;
        var ids = _resident;
        for (int i = 0; i < Batch; i++)
        {
            hash += _ring.Owner(ids[i])!.Endpoint.Port;
        }
        return hash;
    }

    /// <summary>The distributed directory's lookup when this silo owns the entry or not: ring, then partition or proxy.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int DirectoryOwnerOfAndLocalLookup()
    {
        int found = 0;
        var ids = _resident;
        for (int i = 0; i < Batch; i++)
        {
            var owner = _directory.OwnerOf(ids[i]);
            if (owner.Endpoint.Port == 11000 && _directory.LookupAsync(ids[i]).Result is not null)
            {
                found++;
            }
        }
        return found;
    }

    [Benchmark]
    public ConsistentRing RingBuild() => ConsistentRing.From(_view);

    private static GrainId Id(string prefix, int i) => new(new GrainType("account"), prefix + i.ToString(CultureInfo.InvariantCulture));
}
