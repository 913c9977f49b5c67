using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Storage;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>
/// Multi-silo test clusters for the cluster tests: real loopback sockets, a membership table in memory, grain state
/// in one SQLite file every silo shares (so a grain that moves finds its state), and failure detection tuned to
/// notice a killed silo in about a second while tolerating a busy two-core machine.
/// </summary>
internal static class ClusterTestHost
{
    private static int s_siloNumber;

    public static async Task<ClusterFixture> StartAsync(int silos, Action<ISiloBuilder>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "grainchain-cluster-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var builder = new TestClusterBuilder(silos);
        builder.ConfigureSilo(silo =>
        {
            silo.Services.AddSqliteGrainStorage("cluster-store", o => o.DataSource = Path.Combine(directory, "state.db"));
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbePeriod = TimeSpan.FromMilliseconds(300);
                o.ProbeTimeout = TimeSpan.FromSeconds(2);
                o.NumMissedProbesLimit = 3;
                o.TableRefreshPeriod = TimeSpan.FromMilliseconds(250);
            });
            if (Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_LOG") is { Length: > 0 } logPath)
            {
                var name = "silo" + Interlocked.Increment(ref s_siloNumber);
                silo.Services.AddLogging(logging => logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Debug).AddProvider(new FileLoggerProvider(logPath, name)));
            }
            configure?.Invoke(silo);
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return new ClusterFixture(cluster, directory);
    }
}

/// <summary>A running test cluster plus the temporary folder of its state file; disposing removes both.</summary>
internal sealed class ClusterFixture(TestCluster cluster, string directory) : IAsyncDisposable
{
    public TestCluster Cluster { get; } = cluster;

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
