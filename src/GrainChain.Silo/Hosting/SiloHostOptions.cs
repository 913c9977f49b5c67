using System.Net;
using GrainChain.Grains.Peers;
using GrainChain.Grains.Services;
using GrainChain.Hosting;
using Orleans.Configuration;

namespace GrainChain.Silo.Hosting;

/// <summary>The host's settings beyond <see cref="GrainChainOptions"/>, bound from the same <c>GrainChain</c> section.</summary>
internal sealed class SiloHostOptions
{
    /// <summary>The HTTP gateway's port.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>The address the HTTP gateway listens on; empty means <c>GrainChain:AdvertisedAddress</c>.</summary>
    public string? HttpAddress { get; set; }

    /// <summary>How long a stop (Ctrl-C, SIGTERM) may take: the silo hands off its grains and leaves the membership table.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public DashboardSettings Dashboard { get; set; } = new();

    /// <summary>The address Kestrel binds, once the options are valid.</summary>
    public IPAddress HttpBindAddress { get; private set; } = IPAddress.Loopback;

    /// <summary>The Orleans dashboard switch.</summary>
    internal sealed class DashboardSettings
    {
        /// <summary>Maps the Orleans dashboard at <c>/dashboard</c>.</summary>
        public bool Enabled { get; set; }
    }

    /// <summary>
    /// Binds and checks the host's settings, and binds the sections the silo reads later (membership, peers,
    /// blocks) so that a value of the wrong type is reported now, by name, instead of when the silo starts.
    /// </summary>
    /// <exception cref="SiloConfigurationException">Naming every setting at fault.</exception>
    public static SiloHostOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var options = new SiloHostOptions();
        var grainChain = new GrainChainOptions();
        var section = configuration.GetSection(GrainChainOptions.SectionName);
        Bind(section, options, problems);
        Bind(section, grainChain, problems);
        Bind(section.GetSection("Membership"), new ClusterMembershipOptions(), problems);
        Bind(configuration.GetSection(PeerOptions.Section), new PeerOptions(), problems);
        Bind(configuration.GetSection(BlockCacheOptions.Section), new BlockCacheOptions(), problems);
        if (problems.Count > 0) throw new SiloConfigurationException(string.Join("; ", problems));

        const string name = GrainChainOptions.SectionName;
        if (options.HttpPort is < 1 or > 65535) problems.Add($"{name}:HttpPort must be between 1 and 65535, got {options.HttpPort}");
        else if (options.HttpPort == grainChain.SiloPort || options.HttpPort == grainChain.GatewayPort)
            problems.Add($"{name}:HttpPort must differ from {name}:SiloPort and {name}:GatewayPort ({options.HttpPort})");
        var address = string.IsNullOrWhiteSpace(options.HttpAddress) ? grainChain.AdvertisedAddress : options.HttpAddress;
        if (IPAddress.TryParse(address, out var parsed)) options.HttpBindAddress = parsed;
        else if (!string.IsNullOrWhiteSpace(options.HttpAddress)) problems.Add($"{name}:HttpAddress must be an IP address, got '{options.HttpAddress}'");
        if (options.ShutdownTimeout <= TimeSpan.Zero) problems.Add($"{name}:ShutdownTimeout must be positive");
        if (problems.Count > 0) throw new SiloConfigurationException(string.Join("; ", problems));
        return options;
    }

    private static void Bind(IConfiguration section, object target, List<string> problems)
    {
        try
        {
            section.Bind(target);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value at 'GrainChain:SiloPort' to type 'System.Int32'."
            problems.Add(e.Message);
        }
    }
}
