using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Membership;

/// <summary>Structured log messages of the membership tables.</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Membership table {Store} initialised cluster {ClusterId} at {Location}")]
    public static partial void MembershipInitialized(this ILogger logger, string store, string clusterId, string location);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Membership table {Store}, cluster {ClusterId}: {Operation} of silo {Silo} lost its compare-and-set at table version {Version}")]
    public static partial void MembershipConflict(this ILogger logger, string store, string clusterId, string operation, string silo, long version);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Membership table {Store}, cluster {ClusterId} failed")]
    public static partial void MembershipFailed(this ILogger logger, Exception exception, string store, string clusterId);
}
