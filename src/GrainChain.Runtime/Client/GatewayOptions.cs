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

    /// <summary>How often lost gateways are reconnected and the gateway list is re-read from the table. Default 1 second.</summary>
    public TimeSpan GatewayRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <c>ConnectAsync</c> keeps trying before it fails when no gateway answers. Default 10 seconds.</summary>
    public TimeSpan InitialConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
