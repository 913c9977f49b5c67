using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>Structured log messages of the distributed grain directory.</summary>
internal static partial class GrainDirectoryLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "Directory of {Silo}: ring v{Version} has {SiloCount} silos; {Dropped} entries dropped from the local partition")]
    public static partial void RingChanged(this ILogger logger, string silo, long version, int siloCount, int dropped);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Directory of {Silo}: re-registered {Moved} activations at ring v{Version}; {Lost} lost to another activation")]
    public static partial void ReRegistered(this ILogger logger, string silo, int moved, long version, int lost);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Debug, Message = "Directory of {Silo}: {Operation} at owner {Owner} failed")]
    public static partial void OwnerFailed(this ILogger logger, Exception exception, string silo, string operation, string owner);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Information, Message = "Directory of {Silo}: owner {Owner} has left, so {Operation} runs again at its successor {Successor}")]
    public static partial void RetryingWithSuccessor(this ILogger logger, string silo, string operation, string owner, string successor);
}
