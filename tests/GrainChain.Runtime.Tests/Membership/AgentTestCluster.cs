using System.Net;
using GrainChain.Runtime.Membership;
using GrainChain.TestingHost;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>
/// Membership agents of one cluster in one test: one in-memory store, one manual clock, one controlled network.
/// Each agent gets its own table object (wrapped so the test can intercept it) and its own logger.
/// </summary>
internal sealed class AgentTestCluster : IAsyncDisposable
{
    private readonly List<MembershipAgent> _agents = [];

    public AgentTestCluster(ClusterMembershipOptions? options = null)
    {
        Options = options ?? new ClusterMembershipOptions();
        Network = new ControlledNetwork(Clock);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public InMemoryMembershipStore Store { get; } = new();

    public string ClusterId { get; } = "agents-" + Guid.NewGuid().ToString("N");

    public ClusterMembershipOptions Options { get; }

    public ControlledNetwork Network { get; }

    public Dictionary<SiloAddress, InterceptingMembershipTable> Tables { get; } = [];

    public Dictionary<SiloAddress, RecordingLogger<MembershipAgent>> Logs { get; } = [];

    public static SiloAddress Silo(int port, long generation = 1) => new(new IPEndPoint(IPAddress.Loopback, port), generation);

    public IMembershipTable NewTable() => new InMemoryMembershipTable(Store, new InMemoryMembershipOptions { ClusterId = ClusterId });

    /// <summary>An agent for the silo on <paramref name="port"/>, reachable on the network, not yet joined.</summary>
    public MembershipAgent Create(int port, long generation = 1, IMembershipTable? table = null)
    {
        var silo = Silo(port, generation);
        var intercepting = new InterceptingMembershipTable(table ?? NewTable());
        var log = new RecordingLogger<MembershipAgent>();
        Tables[silo] = intercepting;
        Logs[silo] = log;
        Network.Connect(silo);
        var agent = new MembershipAgent(intercepting, silo, "host-" + port, proxyPort: null, Options, Network.ProberFor(silo), Clock, log);
        _agents.Add(agent);
        return agent;
    }

    /// <summary>Creates, joins and activates an agent, then lets every agent read the table.</summary>
    public async Task<MembershipAgent> ActiveAsync(int port, long generation = 1)
    {
        var agent = Create(port, generation);
        await agent.JoinAsync();
        await agent.BecomeActiveAsync();
        await RefreshAllAsync();
        return agent;
    }

    public async Task<MembershipAgent[]> ActiveAsync(params int[] ports)
    {
        var agents = new List<MembershipAgent>();
        foreach (var port in ports)
        {
            agents.Add(await ActiveAsync(port));
        }

        return [.. agents];
    }

    public async Task RefreshAllAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.RefreshAsync();
        }
    }

    /// <summary>Runs <paramref name="rounds"/> probe rounds of <paramref name="agent"/>, one probe period apart on the clock.</summary>
    public async Task ProbeRoundsAsync(MembershipAgent agent, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            Clock.Advance(Options.ProbePeriod);
            await agent.ProbeRoundAsync();
        }
    }

    /// <summary>The row of <paramref name="silo"/> as the table holds it now.</summary>
    public async Task<MembershipEntry> RowAsync(SiloAddress silo)
    {
        var snapshot = await NewTable().ReadAllAsync();
        return Assert.Single(snapshot.Rows, row => row.Entry.Silo == silo).Entry;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
    }
}
