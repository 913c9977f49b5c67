using System.Net;

namespace GrainChain.Runtime.Client;

/// <summary>How a cluster client finds and keeps its gateway silos.</summary>
public sealed class GatewayOptions
{
    /// <summary>
    /// Gateway endpoints to connect to. When empty and a membership table is registered, the client reads the Active
    /// silos' gateway ports from the table instead.
    /// </summary>
    public List<IPEndPoint> Gateways { get; } = [];

    /// <summary>
    /// How often the gateway list is re-read from the table and missing gateways are tried again. Default 1 second.
    /// A lost gateway is retried at once; one that keeps failing backs off from
    /// <c>MessagingOptions.ReconnectBackoffInitial</c> to <c>MessagingOptions.ReconnectBackoffMax</c>.
    /// </summary>
    public TimeSpan GatewayRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long starting the client keeps trying before it fails when no gateway answers. Default 10 seconds. A
    /// gateway that refuses the client (another cluster id) fails the start at once.
    /// </summary>
    public TimeSpan InitialConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long stopping the client waits for the calls in flight to get their responses before it closes the gateway
    /// connections. Default 10 seconds; new calls fail at once meanwhile. Calls still unanswered then, or when the
    /// stop's token is cancelled (the host's shutdown timeout), fail with <c>SiloUnavailableException</c>.
    /// </summary>
    public TimeSpan StopDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
