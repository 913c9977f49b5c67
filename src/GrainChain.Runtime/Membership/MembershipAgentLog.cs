using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Membership;

/// <summary>Structured log messages of the membership agent (join, votes, deaths, table trouble).</summary>
internal static partial class MembershipAgentLog
{
    [LoggerMessage(EventId = 3120, Level = LogLevel.Information, Message = "Silo {Silo} on host {HostName} joined the cluster as Joining at table version {Version}")]
    public static partial void Joined(this ILogger logger, string silo, string hostName, long version);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Information, Message = "Silo {Silo} is now {Status}")]
    public static partial void StatusWritten(this ILogger logger, string silo, SiloStatus status);

    [LoggerMessage(EventId = 3122, Level = LogLevel.Warning, Message = "Silo {Voter} missed {Missed} probes of {Suspect} and voted it dead ({Votes} of {Needed} fresh votes)")]
    public static partial void SuspectVoted(this ILogger logger, string voter, string suspect, int missed, int votes, int needed);

    [LoggerMessage(EventId = 3123, Level = LogLevel.Warning, Message = "Silo {Voter} declared {Suspect} Dead with {Votes} fresh votes (needed {Needed})")]
    public static partial void DeclaredDead(this ILogger logger, string voter, string suspect, int votes, int needed);

    [LoggerMessage(EventId = 3124, Level = LogLevel.Error, Message = "Silo {Silo} read itself declared Dead at table version {Version}; it stops taking part in the cluster")]
    public static partial void SelfDeclaredDead(this ILogger logger, string silo, long version);

    [LoggerMessage(EventId = 3125, Level = LogLevel.Warning, Message = "Membership {Step} of silo {Silo} failed; it runs again next period")]
    public static partial void StepFailed(this ILogger logger, Exception exception, string step, string silo);

    [LoggerMessage(EventId = 3126, Level = LogLevel.Debug, Message = "Silo {Silo}: {Operation} lost its compare-and-set at table version {Version}; re-reading")]
    public static partial void LostCompareAndSet(this ILogger logger, string silo, string operation, long version);

    [LoggerMessage(EventId = 3127, Level = LogLevel.Debug, Message = "Silo {Silo} published membership view {View}")]
    public static partial void ViewPublished(this ILogger logger, string silo, MembershipView view);

    [LoggerMessage(EventId = 3128, Level = LogLevel.Information, Message = "Silo {Silo} declared its earlier incarnation {Earlier} Dead: it holds the same endpoint now")]
    public static partial void EarlierIncarnationDead(this ILogger logger, string silo, string earlier);

    [LoggerMessage(EventId = 3129, Level = LogLevel.Error, Message = "A ViewChanged handler of silo {Silo} threw; the other handlers still run")]
    public static partial void ViewHandlerFailed(this ILogger logger, Exception exception, string silo);
}
