using GrainChain.Runtime.Storage;
using GrainChain.TestingHost;

namespace GrainChain.Runtime.Tests.Samples;

public sealed class ReadmeSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("grainchain-readme-").FullName;

    [Fact]
    public async Task The_readme_grain_keeps_its_visits_in_sqlite_across_clusters()
    {
        var database = Path.Combine(_directory, "cluster.db");

        for (var run = 1; run <= 2; run++)
        {
            var builder = new TestClusterBuilder();
            builder.ConfigureSilo(silo => silo.Services.AddSqliteGrainStorage("store", o => o.DataSource = database));
            await using var cluster = builder.Build();
            await cluster.DeployAsync();

            var lobby = cluster.Client.GetGrain<IWelcomeGrain>("lobby");
            Assert.Equal($"welcome to lobby, ada (visit {run})", await lobby.WelcomeAsync("ada"));
            Assert.Equal(run, await lobby.GetVisitsAsync());
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
