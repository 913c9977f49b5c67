using System.Collections.Concurrent;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Benchmarks.Membership;

/// <summary>
/// The liveness figure on the real clock: with default <see cref="ClusterMembershipOptions"/>, the time from
/// killing one of four silos until every survivor's view says it is Dead (target: within 10 s). The killed silo
/// vanishes without a trace, so each probe of it waits the full ProbeTimeout: the slow case, not a refused connection.
/// Each operation is one kill, so the reported mean is the mean detection time over the iterations.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 5, invocationCount: 1)]
public class FailureDetectionBenchmarks
{
    private const int Silos = 4;

    private readonly List<MembershipAgent> _agents = [];
    private readonly List<IAsyncDisposable> _tables = [];
    private VanishingNetwork _network = null!;
    private string? _directory;

    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [IterationSetup]
    public void StartCluster() => StartClusterAsync().GetAwaiter().GetResult();

    [IterationCleanup]
    public void StopCluster() => StopClusterAsync().GetAwaiter().GetResult();

    [Benchmark]
    public async Task<MembershipView> KilledSiloDeclaredDeadEverywhere()
    {
        var victim = _agents[^1];
        await victim.KillAsync();
        _network.Vanish(victim.Silo);
        var views = await Task.WhenAll(_agents.Take(Silos - 1).Select(agent => agent.WaitForViewAsync(view => view.IsDead(victim.Silo))));
        return views[^1];
    }

    private async Task StartClusterAsync()
    {
        var clusterId = "bench-" + Guid.NewGuid().ToString("N");
        var store = new InMemoryMembershipStore();
        _network = new VanishingNetwork();
        if (Store == "sqlite")
        {
            _directory = Directory.CreateTempSubdirectory("grainchain-liveness-bench-").FullName;
        }

        for (var i = 0; i < Silos; i++)
        {
            var silo = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 21000 + i), 1);
            var agent = new MembershipAgent(
                OpenTable(store, clusterId), silo, "bench", null, new ClusterMembershipOptions(), _network, TimeProvider.System, NullLogger<MembershipAgent>.Instance);
            await agent.JoinAsync();
            await agent.BecomeActiveAsync();
            _agents.Add(agent);
        }

        foreach (var agent in _agents)
        {
            agent.Start();
        }

        await Task.WhenAll(_agents.Select(agent => agent.WaitForViewAsync(view => view.ActiveSilos.Length == Silos)));

        // Let every silo complete a probe round, so the kill lands at a random point of the probing cycle.
        await Task.Delay(TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(1000)));
    }

    private IMembershipTable OpenTable(InMemoryMembershipStore store, string clusterId)
    {
        if (_directory is null)
        {
            return new InMemoryMembershipTable(store, new InMemoryMembershipOptions { ClusterId = clusterId });
        }

        var table = new SqliteMembershipTable(new SqliteMembershipOptions { ClusterId = clusterId, DataSource = Path.Combine(_directory, "membership.db") });
        _tables.Add(table);
        return table;
    }

    private async Task StopClusterAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        foreach (var table in _tables)
        {
            await table.DisposeAsync();
        }

        _agents.Clear();
        _tables.Clear();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
            _directory = null;
        }
    }

    /// <summary>Every silo answers at once except vanished ones, whose probes hang until their timeout on the real clock.</summary>
    private sealed class VanishingNetwork : ISiloProber
    {
        private readonly ConcurrentDictionary<SiloAddress, bool> _vanished = new();

        public void Vanish(SiloAddress silo) => _vanished[silo] = true;

        public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!_vanished.ContainsKey(target))
            {
                return true;
            }

            await Task.Delay(timeout, cancellationToken);
            return false;
        }
    }
}
