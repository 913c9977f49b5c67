namespace GrainChain.Silo.Http;

/// <summary>Settings of the <c>/events</c> WebSocket.</summary>
internal sealed class EventsOptions
{
    /// <summary>Messages queued for one client; a client that lets the queue fill is dropped.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>How long a dropped client gets to take the close frame before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Awaited before each message is written to the socket. A test seam: the test server's sockets never push back,
    /// so a test stands in for a client whose TCP window is full by holding this.
    /// </summary>
    public Func<HttpContext, CancellationToken, ValueTask>? BeforeSend { get; init; }
}
