using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Messaging;

/// <summary>Structured log messages of the TCP messaging layer (event ids 3400-3449).</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "Messaging listener for cluster {ClusterId} bound to {Endpoint}")]
    public static partial void ListenerBound(this ILogger logger, string clusterId, string endpoint);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "Refused connection from {RemoteEndpoint}: {Reason}")]
    public static partial void HandshakeRefused(this ILogger logger, string remoteEndpoint, string reason);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Dropped connection from {RemoteEndpoint} during the handshake: {Reason}")]
    public static partial void HandshakeFailed(this ILogger logger, string remoteEndpoint, string reason);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Debug, Message = "Connection {Direction} {Remote} ({RemoteEndpoint}) established")]
    public static partial void ConnectionEstablished(this ILogger logger, string direction, string remote, string remoteEndpoint);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "Connection to {Remote} ({RemoteEndpoint}) dropped: protocol violation: {Problem}")]
    public static partial void ProtocolViolation(this ILogger logger, string remote, string remoteEndpoint, string problem);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Information, Message = "Connection to {Remote} ({RemoteEndpoint}) closed: {Reason}")]
    public static partial void ConnectionClosed(this ILogger logger, string remote, string remoteEndpoint, string reason);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Error, Message = "Message handler threw on {Header} from {Remote}")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string header, string remote);

    [LoggerMessage(EventId = 3407, Level = LogLevel.Error, Message = "Message handler threw in OnConnectionClosed for {Remote}")]
    public static partial void CloseHandlerFailed(this ILogger logger, Exception exception, string remote);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Warning, Message = "Connecting to silo {Silo} failed (attempt {Failures}); next attempt in {Backoff}: {Reason}")]
    public static partial void ConnectFailed(this ILogger logger, string silo, int failures, TimeSpan backoff, string reason);

    [LoggerMessage(EventId = 3409, Level = LogLevel.Information, Message = "Silo {Silo} marked dead: its connections are closed and new ones refused")]
    public static partial void SiloMarkedDead(this ILogger logger, string silo);

    [LoggerMessage(EventId = 3410, Level = LogLevel.Error, Message = "Accepting connections on {Endpoint} failed; the listener stops")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(EventId = 3412, Level = LogLevel.Debug, Message = "Handshake with {RemoteEndpoint} started; it must finish within {Timeout}")]
    public static partial void HandshakeStarted(this ILogger logger, string remoteEndpoint, TimeSpan timeout);

    [LoggerMessage(EventId = 3411, Level = LogLevel.Error, Message = "A ConnectionAccepted observer threw for {Remote}")]
    public static partial void AcceptObserverFailed(this ILogger logger, Exception exception, string remote);
}
