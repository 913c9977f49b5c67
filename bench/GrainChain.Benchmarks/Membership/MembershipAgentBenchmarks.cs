using System.Net;
using BenchmarkDotNet.Attributes;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Benchmarks.Membership;

/// <summary>
/// What the membership agent costs a silo per period in a 16-silo cluster on the in-memory table (so the figures
/// are the agent's own work, not the database's): a probe round where every peer answers, and a table refresh.
/// </summary>
[MemoryDiagnoser]
public class MembershipAgentBenchmarks
{
    private const int Silos = 16;

    private MembershipAgent _agent = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var store = new InMemoryMembershipStore();
        var options = new InMemoryMembershipOptions { ClusterId = "bench-agent" };
        var prober = new AnsweringProber();
        for (var i = 0; i < Silos; i++)
        {
            var agent = new MembershipAgent(
                new InMemoryMembershipTable(store, options),
                new SiloAddress(new IPEndPoint(IPAddress.Loopback, 22000 + i), 1),
                "bench",
                null,
                new ClusterMembershipOptions(),
                prober,
                TimeProvider.System,
                NullLogger<MembershipAgent>.Instance);
            await agent.JoinAsync();
            await agent.BecomeActiveAsync();
            _agent = agent;
        }

        await _agent.RefreshAsync();
    }

    [Benchmark]
    public Task ProbeRoundAllAnswer() => _agent.ProbeRoundAsync();

    [Benchmark]
    public Task<MembershipView> RefreshUnchanged() => _agent.RefreshAsync();

    /// <summary>Every peer answers at once: the agent's overhead per round without any network.</summary>
    private sealed class AnsweringProber : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
