namespace GrainChain.Silo.Hosting;

/// <summary>The host's own log lines.</summary>
internal static partial class SiloLog
{
    /// <summary>The category of the host's log lines.</summary>
    public const string Category = "GrainChain.Silo";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {SiloAddress} listening for silos on {SiloEndpoint} (cluster {ClusterId}, backend {Backend})")]
    public static partial void SiloListening(ILogger logger, string siloAddress, string siloEndpoint, string clusterId, string backend);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Gateway listening for cluster clients on {GatewayEndpoint}")]
    public static partial void GatewayListening(ILogger logger, string gatewayEndpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Gateway accepts no cluster clients (GrainChain:GatewayPort is 0)")]
    public static partial void NoGateway(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "HTTP listening on {Url}")]
    public static partial void HttpListening(ILogger logger, string url);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Orleans dashboard at {Url}")]
    public static partial void DashboardAt(ILogger logger, string url);
}
