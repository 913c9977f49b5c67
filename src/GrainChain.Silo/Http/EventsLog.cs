namespace GrainChain.Silo.Http;

/// <summary>What the <c>/events</c> WebSocket logs.</summary>
internal static partial class EventsLog
{
    /// <summary>The category the WebSocket logs under.</summary>
    public const string Category = "GrainChain.Silo.Http.Events";

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Dropped an /events client of {Feed} from {Remote}: its send queue of {Capacity} messages was full")]
    public static partial void ClientDropped(ILogger logger, string feed, string? remote, int capacity);
}
