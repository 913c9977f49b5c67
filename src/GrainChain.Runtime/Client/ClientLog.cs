using System.Net;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Client;

/// <summary>Log messages of the cluster client (event ids 4100-4199).</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Connected to gateway {Gateway} ({Silo})")]
    public static partial void GatewayConnected(this ILogger logger, IPEndPoint gateway, SiloAddress silo);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Lost the connection to gateway {Silo}: {Reason}")]
    public static partial void GatewayLost(this ILogger logger, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Gateway {Gateway} is unreachable ({Problem}); retrying in {RetryIn}")]
    public static partial void GatewayUnreachable(this ILogger logger, IPEndPoint gateway, string problem, TimeSpan retryIn);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Gateway {Gateway} is still unreachable after {Failures} attempts ({Problem}); retrying in {RetryIn}")]
    public static partial void GatewayStillUnreachable(this ILogger logger, IPEndPoint gateway, int failures, string problem, TimeSpan retryIn);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "The membership table could not be read to find gateways; retried in {RetryIn}")]
    public static partial void GatewayListUnreadable(this ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Cluster client {ClientId} connected to cluster {ClusterId} through {Gateways} gateways")]
    public static partial void ClientStarted(this ILogger logger, Guid clientId, string clusterId, int gateways);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Cluster client {ClientId} stopped waiting after {Timeout} for calls in flight; they fail")]
    public static partial void StopDrainTimedOut(this ILogger logger, Guid clientId, TimeSpan timeout);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Cluster client {ClientId} stopped")]
    public static partial void ClientStopped(this ILogger logger, Guid clientId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "Gateway {Gateway} refused this client: {Reason}")]
    public static partial void GatewayRefused(this ILogger logger, IPEndPoint gateway, string reason);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Gateway {Silo} is no longer Active in the membership table; new calls avoid it")]
    public static partial void GatewayNotListed(this ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Error, Message = "Refreshing the client's gateways failed unexpectedly; retried in {RetryIn}")]
    public static partial void RefreshFailed(this ILogger logger, Exception exception, TimeSpan retryIn);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "A response from gateway {Silo} could not be delivered to its caller")]
    public static partial void ResponseDeliveryFailed(this ILogger logger, Exception exception, SiloAddress silo);
}
