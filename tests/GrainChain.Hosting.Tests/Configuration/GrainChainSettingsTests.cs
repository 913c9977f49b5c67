using Microsoft.Extensions.Configuration;

namespace GrainChain.Hosting.Tests.Configuration;

public sealed class GrainChainSettingsTests
{
    private static GrainChainOptions Read(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return GrainChainSettings.Read(configuration, configure: null);
    }

    [Fact]
    public void Defaults_are_the_embedded_SQLite_backend_on_the_standard_ports()
    {
        var options = Read();

        Assert.Equal(GrainChainBackend.Sqlite, options.Backend);
        Assert.Equal(Path.GetFullPath(Path.Combine("data", "grainchain.db")), options.Sqlite.FullPath);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Settings_bind_from_the_GrainChain_section()
    {
        var options = Read(
            ("GrainChain:Backend", "Postgres"),
            ("GrainChain:ClusterId", "ledger-a"),
            ("GrainChain:Postgres:ConnectionString", "Host=db;Username=u;Database=d"),
            ("GrainChain:Postgres:ConnectTimeout", "00:00:03"),
            ("GrainChain:SiloPort", "12000"));

        Assert.Equal(GrainChainBackend.Postgres, options.Backend);
        Assert.Equal("ledger-a", options.ClusterId);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Postgres.ConnectTimeout);
        Assert.Equal(12000, options.SiloPort);
    }

    [Theory]
    [InlineData("GrainChain:SiloPort", "70000", "GrainChain:SiloPort")]
    [InlineData("GrainChain:SiloPort", "0", "GrainChain:SiloPort")]
    [InlineData("GrainChain:GatewayPort", "-1", "GrainChain:GatewayPort")]
    [InlineData("GrainChain:AdvertisedAddress", "not-an-ip", "GrainChain:AdvertisedAddress")]
    [InlineData("GrainChain:ClusterId", " ", "GrainChain:ClusterId")]
    [InlineData("GrainChain:Sqlite:Path", " ", "GrainChain:Sqlite:Path")]
    [InlineData("GrainChain:Sqlite:BusyTimeout", "-00:00:01", "GrainChain:Sqlite:BusyTimeout")]
    public void A_bad_setting_is_refused_with_its_name(string key, string value, string named)
    {
        var error = Assert.Throws<GrainChainConfigurationException>(() => Read((key, value)));

        Assert.Contains(error.Problems, p => p.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Postgres_without_a_connection_string_is_refused()
    {
        var error = Assert.Throws<GrainChainConfigurationException>(() => Read(("GrainChain:Backend", "Postgres")));

        Assert.Contains(error.Problems, p => p.Contains("GrainChain:Postgres:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unparseable_value_is_refused_with_a_message_naming_it()
    {
        var error = Assert.Throws<GrainChainConfigurationException>(() => Read(("GrainChain:Backend", "Cassandra")));

        Assert.Contains("Backend", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_silo_and_gateway_ports_are_refused()
    {
        var error = Assert.Throws<GrainChainConfigurationException>(() =>
            Read(("GrainChain:SiloPort", "12000"), ("GrainChain:GatewayPort", "12000")));

        Assert.Contains(error.Problems, p => p.Contains("must differ", StringComparison.Ordinal));
    }
}
