using System.Collections;
using GrainChain.Cli.Cluster;
using Microsoft.Extensions.Configuration;

namespace GrainChain.Cli.Tests;

/// <summary>The console's settings are layered like the silo's, so one set of exported variables serves both.</summary>
public sealed class ClusterConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-cli-layers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IConfiguration Layered(string json, Hashtable environment)
    {
        var file = Path.Combine(_folder, "silo.json");
        File.WriteAllText(file, json);
        var builder = new ConfigurationBuilder();
        ClusterConnection.Layer(builder, new FileInfo(file), environment);
        return builder.Build();
    }

    [Fact]
    public void The_silos_prefixed_variables_override_the_file_and_plain_variables_only_fill_in()
    {
        var configuration = Layered(
            """{ "GrainChain": { "Backend": "Postgres", "GatewayPort": 30000, "Postgres": { "ConnectionString": "" } } }""",
            new Hashtable
            {
                ["GRAINCHAIN_GrainChain__Postgres__ConnectionString"] = "Host=db;Database=grainchain",
                ["GrainChain__GatewayPort"] = "1",
                ["GrainChain__ClusterId"] = "from-plain",
            });

        Assert.Equal("Host=db;Database=grainchain", configuration["GrainChain:Postgres:ConnectionString"]);
        Assert.Equal("30000", configuration["GrainChain:GatewayPort"]);
        Assert.Equal("from-plain", configuration["GrainChain:ClusterId"]);
        Assert.Equal("Postgres", configuration["GrainChain:Backend"]);
    }
}
