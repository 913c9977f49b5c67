using GrainChain.Hosting.Tests.Infrastructure;
using Orleans.TestingHost;

namespace GrainChain.Hosting.Tests.Samples;

/// <summary>Runs the README's grain and TestingHost sample as written there.</summary>
public sealed class ReadmeSampleTests
{
    [Fact]
    public async Task The_welcome_grain_counts_visits_in_SQLite_across_a_cluster_restart()
    {
        using var folder = new TempFolder();
        var file = folder.File("cluster.db");

        // As in the README:
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddGrainChainStorage(o =>
        {
            o.Backend = GrainChainBackend.Sqlite;
            o.Sqlite.Path = file;
        }));
        var serviceId = builder.Options.ServiceId;
        await using (var cluster = builder.Build())
        {
            await cluster.DeployAsync();
            var lobby = cluster.Client.GetGrain<IWelcomeGrain>("lobby");
            Assert.Equal("welcome to lobby, ada (visit 1)", await lobby.WelcomeAsync("ada"));
            Assert.Equal("welcome to lobby, alan (visit 2)", await lobby.WelcomeAsync("alan"));
        }

        // A new cluster on the same file finds the visits where the first left them.
        // The TestingHost gives every cluster a fresh service id, and state is stored per service: keep the first one.
        var again = new InProcessTestClusterBuilder(1);
        again.Options.ServiceId = serviceId;
        again.ConfigureSilo((_, silo) => silo.AddGrainChainStorage(o =>
        {
            o.Backend = GrainChainBackend.Sqlite;
            o.Sqlite.Path = file;
        }));
        await using var second = again.Build();
        await second.DeployAsync();
        Assert.Equal(2, await second.Client.GetGrain<IWelcomeGrain>("lobby").GetVisitsAsync());
    }
}
