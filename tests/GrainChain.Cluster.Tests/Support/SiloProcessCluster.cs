using GrainChain.Cluster.TestSilo;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>
/// A cluster of separate silo processes sharing one SQLite membership file and one SQLite state file in a private
/// temporary folder. Disposing stops every process (killing those that do not stop in time), writes their standard
/// error to the test output and deletes the folder.
/// </summary>
internal sealed class SiloProcessCluster : IAsyncDisposable
{
    /// <summary>How long a cluster client or silo waits for a call's answer in these tests.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    // Several dotnet processes starting at once on a busy two-core machine take a few seconds each.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;
    private readonly List<SiloProcess> _silos = [];

    private SiloProcessCluster(ITestOutputHelper output)
    {
        _output = output;
        var id = Guid.NewGuid().ToString("N");
        ClusterId = "procs-" + id[..12];
        Directory = Path.Combine(Path.GetTempPath(), "grainchain-procs-" + id);
        System.IO.Directory.CreateDirectory(Directory);
        MembershipFile = Path.Combine(Directory, "membership.db");
        StateFile = Path.Combine(Directory, "state.db");
        Table = new MembershipTableFile(MembershipFile, ClusterId);
    }

    public string ClusterId { get; }

    public string Directory { get; }

    public string MembershipFile { get; }

    public string StateFile { get; }

    public MembershipTableFile Table { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>Starts <paramref name="count"/> silo processes at once and waits until each has printed READY.</summary>
    public static async Task<SiloProcessCluster> StartAsync(int count, ITestOutputHelper output)
    {
        var cluster = new SiloProcessCluster(output);
        try
        {
            for (var i = 0; i < count; i++)
            {
                cluster._silos.Add(SiloProcess.Start($"silo{i}", cluster.Settings($"silo{i}")));
            }
            await Task.WhenAll(cluster._silos.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Failure detection tuned to notice a killed silo in about a second, yet tolerate a busy two-core machine.</summary>
    public TestSiloSettings Settings(string siloName) => new()
    {
        ClusterId = ClusterId,
        MembershipFile = MembershipFile,
        StateFile = StateFile,
        SiloName = siloName,
        ProbePeriod = TimeSpan.FromMilliseconds(300),
        ProbeTimeout = TimeSpan.FromSeconds(2),
        MissedProbesLimit = 3,
        TableRefreshPeriod = TimeSpan.FromMilliseconds(250),
        ResponseTimeout = ResponseTimeout,
    };

    public Task<ClusterClientConnection> ConnectClientAsync() =>
        ClusterClientConnection.ConnectAsync(ClusterId, MembershipFile, ResponseTimeout);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_silos.Select(async s => await s.DisposeAsync()));
        foreach (var silo in _silos)
        {
            // Shown by the test runner only when the test fails.
            _output.WriteLine(silo.ErrorTail());
        }
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
