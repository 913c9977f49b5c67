using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Streams.Hosting;
using GrainChain.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.Runtime.Tests.Samples;

/// <summary>
/// The README's "Run a cluster" and "Call a cluster from a console program" configurations, run as written (free
/// ports instead of 11111): two silo hosts share SQLite membership and state, a client finds them in the table.
/// </summary>
public sealed class ReadmeClusterSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grainchain-readme-cluster-").FullName;

    [Fact]
    public async Task Two_silo_hosts_and_a_client_configured_as_the_readme_says_serve_the_welcome_grain()
    {
        var clusterId = "ledger-" + Guid.NewGuid().ToString("N")[..8];
        var membership = Path.Combine(_directory, "cluster-membership.db");
        var state = Path.Combine(_directory, "cluster-state.db");

        IHost StartSilo()
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddGrainChainSilo(silo =>
            {
                silo.Configure<ClusterOptions>(o => o.ClusterId = clusterId);
                silo.Configure<EndpointOptions>(o => o.SiloPort = 0);
                silo.UseSqliteMembership(o => o.DataSource = membership);
                silo.Services.AddSqliteGrainStorage("store", o => o.DataSource = state);
                silo.AddMemoryStreams("events", o => o.PubSubStorageName = "store");
            });
            return builder.Build();
        }

        using var first = StartSilo();
        using var second = StartSilo();
        await first.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await second.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var clientBuilder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        clientBuilder.UseGrainChainClient(client => client
            .UseClusterId(clusterId)
            .UseSqliteMembership(o => o.DataSource = membership));
        using var clientHost = clientBuilder.Build();
        await clientHost.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var client = clientHost.Services.GetRequiredService<IClusterClient>();

        for (int visit = 1; visit <= 2; visit++)
        {
            // Lobbies land on either silo; each counts its own visits in the shared SQLite store.
            for (int room = 0; room < 10; room++)
            {
                var lobby = client.GetGrain<IWelcomeGrain>($"lobby{room}");
                Assert.Equal($"welcome to lobby{room}, ada (visit {visit})", await lobby.WelcomeAsync("ada").WaitAsync(TimeSpan.FromSeconds(20)));
            }
        }
        var silos = new[] { first, second }.Select(h => h.Services.GetRequiredService<Silo>()).ToArray();
        var both = silos.Select(s => s.SiloAddress!).ToHashSet();
        await Task.WhenAll(silos.Select(s => s.WaitForClusterAsync(both))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, silos.Sum(s => s.ActivationCount - SystemActivations(s)));

        await clientHost.StopAsync();
        await second.StopAsync();
        await first.StopAsync();
    }

    // Activations the runtime keeps for itself (directory partitions, stream agents): everything not a lobby.
    private static int SystemActivations(Silo silo) =>
        silo.Runtime.Catalog.Activations.Count(a => !a.GrainId.Key.StartsWith("lobby", StringComparison.Ordinal));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
