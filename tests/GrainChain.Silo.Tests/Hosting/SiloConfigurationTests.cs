using System.Collections;
using GrainChain.Hosting;
using GrainChain.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace GrainChain.Silo.Tests.Hosting;

/// <summary>The silo's configuration layers: defaults &lt; --config file &lt; GRAINCHAIN_ environment &lt; arguments.</summary>
public sealed class SiloConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private IConfigurationRoot Build(string[] args, IDictionary? environment = null)
    {
        var defaults = Directory.CreateDirectory(Path.Combine(_folder, "defaults")).FullName;
        File.WriteAllText(Path.Combine(defaults, "appsettings.json"),
            """{ "GrainChain": { "SiloPort": 1, "GatewayPort": 1, "HttpPort": 1, "ClusterId": "from-defaults" } }""");
        var builder = new ConfigurationManager();
        SiloConfiguration.Layer(builder, args, environment ?? new Hashtable(), defaults);
        return builder;
    }

    [Fact]
    public void A_later_layer_wins_file_then_environment_then_arguments()
    {
        var file = Write("silo.json", """{ "GrainChain": { "SiloPort": 2, "GatewayPort": 2, "HttpPort": 2 } }""");
        var environment = new Hashtable
        {
            ["GRAINCHAIN_GrainChain__GatewayPort"] = "3",
            ["GRAINCHAIN_GrainChain__HttpPort"] = "3",
            ["GrainChain__HttpPort"] = "99", // no prefix: not a setting
        };

        var configuration = Build(["--config", file, "--GrainChain:HttpPort=4"], environment);

        Assert.Equal("from-defaults", configuration["GrainChain:ClusterId"]);
        Assert.Equal("2", configuration["GrainChain:SiloPort"]);
        Assert.Equal("3", configuration["GrainChain:GatewayPort"]);
        Assert.Equal("4", configuration["GrainChain:HttpPort"]);
    }

    [Fact]
    public void The_file_can_come_from_GRAINCHAIN_CONFIG_and_an_argument_names_another()
    {
        var fromEnvironment = Write("env.json", """{ "GrainChain": { "SiloPort": 5 } }""");
        var fromArgument = Write("arg.json", """{ "GrainChain": { "SiloPort": 6 } }""");
        var environment = new Hashtable { ["GRAINCHAIN_CONFIG"] = fromEnvironment };

        Assert.Equal("5", Build([], environment)["GrainChain:SiloPort"]);
        Assert.Equal("6", Build([$"--config={fromArgument}"], environment)["GrainChain:SiloPort"]);
        Assert.Null(Build([], environment)["CONFIG"]);
    }

    [Fact]
    public void Environment_keys_are_case_insensitive_and_double_underscore_is_a_section()
    {
        var settings = SiloConfiguration.FromEnvironment(new Hashtable
        {
            ["grainchain_GRAINCHAIN__SQLITE__PATH"] = "x.db",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal("x.db", Assert.Single(settings).Value);
        Assert.Equal("GRAINCHAIN:SQLITE:PATH", settings.Keys.Single());
    }

    [Fact]
    public void A_missing_file_is_refused_naming_where_it_was_given()
    {
        var missing = Path.Combine(_folder, "nope.json");

        var byArgument = Assert.Throws<SiloConfigurationException>(() => Build(["--config", missing]));
        var byEnvironment = Assert.Throws<SiloConfigurationException>(() => Build([], new Hashtable { ["GRAINCHAIN_CONFIG"] = missing }));

        Assert.Contains("--config", byArgument.Message, StringComparison.Ordinal);
        Assert.Contains(missing, byArgument.Message, StringComparison.Ordinal);
        Assert.Contains("GRAINCHAIN_CONFIG", byEnvironment.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_naming_it()
    {
        var broken = Write("broken.json", "{ not json");

        var e = Assert.Throws<SiloConfigurationException>(() => Build(["--config", broken]));

        Assert.Contains(broken, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GrainChain:HttpPort", "0")]
    [InlineData("GrainChain:HttpPort", "eighty")]
    [InlineData("GrainChain:HttpAddress", "localhost")]
    [InlineData("GrainChain:Membership:ProbeTimeout", "soon")]
    public void A_bad_host_setting_is_named(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var e = Assert.Throws<SiloConfigurationException>(() => SiloHostOptions.Read(configuration));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTTP_port_defaults_to_8080_on_the_advertised_address()
    {
        var options = SiloHostOptions.Read(new ConfigurationBuilder().AddInMemoryCollection([new("GrainChain:AdvertisedAddress", "127.0.0.2")]).Build());

        Assert.Equal(8080, options.HttpPort);
        Assert.Equal("127.0.0.2", options.HttpBindAddress.ToString());
        Assert.False(options.Dashboard.Enabled);
    }

    [Theory]
    [InlineData("single.json")]
    [InlineData("local-1.json")]
    [InlineData("local-2.json")]
    [InlineData("local-3.json")]
    public void The_shipped_sqlite_configurations_are_valid(string name)
    {
        var configuration = Build(["--config", Path.Combine(RepositoryRoot(), "silo-config", name)]);

        SiloHostOptions.Read(configuration);
        var options = new GrainChainOptions();
        configuration.GetSection(GrainChainOptions.SectionName).Bind(options);
        Assert.Empty(options.Validate());
        Assert.Equal(GrainChainBackend.Sqlite, options.Backend);
        Assert.False(Path.IsPathRooted(options.Sqlite.Path));
    }

    [Fact]
    public void The_local_cluster_shares_one_file_on_distinct_ports()
    {
        var silos = new[] { "local-1.json", "local-2.json", "local-3.json" }
            .Select(name => Build(["--config", Path.Combine(RepositoryRoot(), "silo-config", name)]).GetSection("GrainChain"))
            .ToList();

        Assert.Single(silos.Select(s => s["Sqlite:Path"]).Distinct());
        Assert.Single(silos.Select(s => s["ClusterId"]).Distinct());
        Assert.All(silos, s => Assert.Equal("00:00:02", s["Membership:ProbeTimeout"]));
        var ports = silos.SelectMany(s => new[] { s["SiloPort"], s["GatewayPort"], s["HttpPort"] }).ToList();
        Assert.Equal(9, ports.Distinct().Count());
    }

    [Fact]
    public void The_postgres_configuration_takes_its_connection_string_from_the_environment()
    {
        var file = Path.Combine(RepositoryRoot(), "silo-config", "postgres.json");
        var environment = new Hashtable { ["GRAINCHAIN_GrainChain__Postgres__ConnectionString"] = "Host=db;Username=gc;Password=secret;Database=grainchain" };

        var without = new GrainChainOptions();
        Build(["--config", file]).GetSection("GrainChain").Bind(without);
        var with = new GrainChainOptions();
        Build(["--config", file], environment).GetSection("GrainChain").Bind(with);

        Assert.Contains("GrainChain:Postgres:ConnectionString is required", without.Validate());
        Assert.Empty(with.Validate());
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GrainChain.sln"))) return folder.FullName;
        }

        throw new DirectoryNotFoundException("the repository root (GrainChain.sln) is above the test's folder");
    }
}
