using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Cluster;

/// <summary>Log messages of the cluster layer (event ids 4000-4099).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Silo {Silo} listening for silos and clients; joining cluster {ClusterId}")]
    public static partial void SiloListening(this ILogger logger, SiloAddress silo, string clusterId);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Silo {Silo} is Active in cluster {ClusterId} (view {View})")]
    public static partial void SiloActive(this ILogger logger, SiloAddress silo, string clusterId, MembershipView view);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Membership view {Version}: {Active} active silos ({View})")]
    public static partial void ViewChanged(this ILogger logger, long version, int active, MembershipView view);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Silo {Silo} was declared dead by the cluster; it stops now")]
    public static partial void DeclaredDead(this ILogger logger, SiloAddress silo);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "A frame from {Peer} was not a valid request and was refused: {Problem}")]
    public static partial void BadRequestFrame(this ILogger logger, string peer, string problem);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Debug, Message = "The response to call {CallId} could not be sent to {Peer}: the connection is gone")]
    public static partial void ResponseUndeliverable(this ILogger logger, long callId, string peer);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "{Count} calls in flight to {Peer} failed: the connection closed")]
    public static partial void CallsFailedOnClose(this ILogger logger, int count, string peer);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Re-registering activations after view {Version} failed; it is retried at the next view")]
    public static partial void ReRegistrationFailed(this ILogger logger, Exception exception, long version);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "{Count} activations lost their directory registration after view {Version} and are deactivated")]
    public static partial void DuplicatesDeactivated(this ILogger logger, int count, long version);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "Unregistering {GrainId} from the directory failed")]
    public static partial void UnregisterFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "A response frame from {Peer} could not be read: {Problem}")]
    public static partial void BadResponseFrame(this ILogger logger, string peer, string problem);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Telling {Count} silos that {Silo} is {Status} at table version {Version}")]
    public static partial void NotifyingMembershipChange(this ILogger logger, SiloAddress silo, SiloStatus status, long version, int count);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Silo {Target} was not told of table version {Version} ({Problem}); it learns it at its next refresh")]
    public static partial void MembershipNotificationFailed(this ILogger logger, SiloAddress target, long version, string problem);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Debug, Message = "Silo {Silo} could not be reached for {Operation}; the fresh view says it has left, so the operation runs again on that view")]
    public static partial void RetryingAfterDeparture(this ILogger logger, SiloAddress silo, string operation);
}
