using System.Net;

namespace GrainChain.Runtime.Hosting;

/// <summary>Where a clustered silo listens for other silos and for clients (one port serves both).</summary>
public sealed class EndpointOptions
{
    /// <summary>The address other silos and clients use to reach this silo. Default: loopback (a one-machine cluster).</summary>
    public IPAddress AdvertisedIPAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free port at start (test clusters do this). Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Listen on every local address rather than only <see cref="AdvertisedIPAddress"/> (for containers and NAT). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Whether clients may connect through this silo. Default true.</summary>
    public bool IsGateway { get; set; } = true;
}
