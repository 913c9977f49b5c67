using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Invocation;

/// <summary>Log messages of the remote completion paths of <see cref="GrainRequest"/>.</summary>
internal static partial class RemoteCallLog
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Error, Message = "The remote response sink threw while handling call {CallId} ({InterfaceName}.{MethodName} to grain {GrainId}); the caller gets no response")]
    public static partial void ResponseSinkFailed(this ILogger logger, Exception exception, long callId, string interfaceName, string methodName, GrainId grainId);
}
