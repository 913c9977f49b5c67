using System.Text.Json;
using GrainChain.Grains;
using GrainChain.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Cli.Tests;

/// <summary>
/// One in-process silo (Backend Memory, free ports chosen now, gateway on 127.0.0.1) with the ledger grains, and the
/// silo-config JSON file a console command is pointed at with <c>--config</c>.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private IHost? _silo;

    public string Scratch { get; } = Directory.CreateTempSubdirectory("grainchain-cli-cluster-").FullName;

    /// <summary>The silo's settings as a config file for the console.</summary>
    public string ConfigPath => Path.Combine(Scratch, "silo.json");

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        var settings = new Dictionary<string, string?>
        {
            ["GrainChain:Backend"] = "Memory",
            ["GrainChain:ClusterId"] = $"cli-tests-{Guid.NewGuid():N}",
            ["GrainChain:ServiceId"] = "cli-tests",
            ["GrainChain:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrainChain:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GrainChain:AdvertisedAddress"] = "127.0.0.1",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.AddGrainChain().AddGrainChainGrains());
        _silo = builder.Build();
        await _silo.StartAsync();

        WriteConfig(ConfigPath, settings);
    }

    /// <summary>Writes a silo-config file holding <paramref name="settings"/> ("GrainChain:X" keys, one level deep).</summary>
    public static void WriteConfig(string path, IReadOnlyDictionary<string, string?> settings)
    {
        var section = settings.ToDictionary(p => p.Key["GrainChain:".Length..], p => p.Value);
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object> { ["GrainChain"] = section }));
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }
        Directory.Delete(Scratch, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
