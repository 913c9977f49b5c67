using GrainChain.Hosting.Postgres;
using GrainChain.Hosting.Sqlite;

namespace GrainChain.Hosting;

/// <summary>A silo's or client's GrainChain settings, bound from the <c>GrainChain</c> configuration section.</summary>
public sealed class GrainChainOptions
{
    public const string SectionName = "GrainChain";

    /// <summary>The one name under which grains find their persistent state.</summary>
    public const string StorageName = "ledger";

    public GrainChainBackend Backend { get; set; } = GrainChainBackend.Sqlite;

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "grainchain";

    /// <summary>Names the stored state; keep it across redeployments of the same ledger.</summary>
    public string ServiceId { get; set; } = "grainchain";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port cluster clients connect to; 0 makes a silo that accepts no clients.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public SqliteDatabaseOptions Sqlite { get; set; } = new();

    public PostgresDatabaseOptions Postgres { get; set; } = new();

    /// <summary>Every problem with these settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Backend)) problems.Add($"{SectionName}:Backend must be Memory, Sqlite or Postgres");
        if (string.IsNullOrWhiteSpace(ClusterId)) problems.Add($"{SectionName}:ClusterId is required");
        if (string.IsNullOrWhiteSpace(ServiceId)) problems.Add($"{SectionName}:ServiceId is required");
        if (SiloPort is < 1 or > 65535) problems.Add($"{SectionName}:SiloPort must be between 1 and 65535, got {SiloPort}");
        if (GatewayPort is < 0 or > 65535) problems.Add($"{SectionName}:GatewayPort must be between 0 and 65535, got {GatewayPort}");
        if (SiloPort == GatewayPort) problems.Add($"{SectionName}:SiloPort and {SectionName}:GatewayPort must differ ({SiloPort})");
        if (!System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            problems.Add($"{SectionName}:AdvertisedAddress must be an IP address, got '{AdvertisedAddress}'");
        if (Backend == GrainChainBackend.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(Sqlite.Path)) problems.Add($"{SectionName}:Sqlite:Path is required");
            if (Sqlite.BusyTimeout <= TimeSpan.Zero) problems.Add($"{SectionName}:Sqlite:BusyTimeout must be positive");
        }

        if (Backend == GrainChainBackend.Postgres)
        {
            if (string.IsNullOrWhiteSpace(Postgres.ConnectionString)) problems.Add($"{SectionName}:Postgres:ConnectionString is required");
            if (Postgres.ConnectTimeout <= TimeSpan.Zero) problems.Add($"{SectionName}:Postgres:ConnectTimeout must be positive");
            if (Postgres.CommandTimeout <= TimeSpan.Zero) problems.Add($"{SectionName}:Postgres:CommandTimeout must be positive");
        }

        return problems;
    }
}
