using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Diagnostics;

/// <summary>The runtime's log messages, source-generated so that disabled levels cost nothing.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Silo {SiloName} started with {GrainClassCount} grain classes and {GrainInterfaceCount} grain interfaces")]
    public static partial void SiloStarted(this ILogger logger, string siloName, int grainClassCount, int grainInterfaceCount);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Silo {SiloName} is stopping: deactivating {ActivationCount} activations")]
    public static partial void SiloStopping(this ILogger logger, string siloName, int activationCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Silo {SiloName} stopped")]
    public static partial void SiloStopped(this ILogger logger, string siloName);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{ActivationCount} activations were still busy after the deactivation timeout; the silo stops without them")]
    public static partial void ActivationsLeftRunning(this ILogger logger, int activationCount);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Activated grain {GrainId}")]
    public static partial void GrainActivated(this ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Activation of grain {GrainId} failed; waiting calls fail with the same exception")]
    public static partial void ActivationFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Deactivated grain {GrainId} ({ReasonCode})")]
    public static partial void GrainDeactivated(this ILogger logger, GrainId grainId, DeactivationReasonCode reasonCode);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed; the activation is removed anyway")]
    public static partial void DeactivationFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "A work item of grain {GrainId} threw")]
    public static partial void WorkItemFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "A timer tick of grain {GrainId} failed")]
    public static partial void TimerTickFailed(this ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Activation of grain {GrainId} lost its registration to the activation on {Winner}; its calls go there")]
    public static partial void ActivationLostRegistration(this ILogger logger, GrainId grainId, GrainChain.Runtime.Membership.SiloAddress winner);
}
