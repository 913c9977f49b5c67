using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using GrainChain.Abstractions.Nodes;
using Orleans.Streams;

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

/// <summary>The live <c>/events</c> connections (one stream subscription each).</summary>
internal sealed class EventsHub(EventsOptions options)
{
    private int _subscriptions;

    public EventsOptions Options { get; } = options;

    /// <summary>Stream subscriptions currently held for WebSocket clients.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);

    public void Subscribed() => Interlocked.Increment(ref _subscriptions);

    public void Unsubscribed() => Interlocked.Decrement(ref _subscriptions);
}

/// <summary>
/// <c>GET /events?node=NAME</c>: a WebSocket carrying a node's announcements as JSON text messages,
/// <c>{"type":"tip","node","hash","height","work"}</c> and <c>{"type":"transactions","node","ids":[…]}</c>. The
/// connection holds one subscription to the node's announcement stream (made from the silo's own client) and a
/// bounded queue; a client that does not keep up is closed with 1008 (policy violation) instead of slowing the silo.
/// <c>node</c> is required for now (400 without it); an unknown node is a 404 and a request that is not a WebSocket
/// upgrade a 400, both before any upgrade.
/// </summary>
internal static class EventsEndpoint
{
    private const string Field = "node";

    /// <summary>
    /// Maps <c>/events</c> on <paramref name="group"/>; adds the WebSocket middleware when
    /// <paramref name="endpoints"/> is also the application (a <c>WebApplication</c>).
    /// </summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEndpointRouteBuilder group)
    {
        if (endpoints is IApplicationBuilder app) app.UseWebSockets();
        var fallback = new EventsHub(new EventsOptions());
        Func<HttpContext, Task<IResult>> handler = http => HandleAsync(http, http.RequestServices.GetService<EventsHub>() ?? fallback);
        group.MapGet("/events", handler);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, EventsHub hub)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request",
                "/events is a WebSocket: connect with an upgrade request", "upgrade");
        var name = http.Request.Query[Field].ToString();
        if (string.IsNullOrEmpty(name))
            return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request",
                "node is required for now: connect to /events?node=NAME (one connection per node)", Field);
        var node = GatewayNodes.Node(http, name, Field);
        try
        {
            await node.GetStatusAsync();
        }
        catch (NodeNotFoundException e)
        {
            return GatewayProblem.Problem(StatusCodes.Status404NotFound, "Node not found", e.Message, Field);
        }

        await StreamAsync(http, hub, name);
        return Results.Empty;
    }

    private static async Task StreamAsync(HttpContext http, EventsHub hub, string name)
    {
        var options = hub.Options;
        var queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.QueueCapacity)
        {
            // Wait makes TryWrite fail when full; the writer never waits (it is the silo's stream delivery).
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var overflowed = 0;
        string? lastTip = null;

        void Enqueue(byte[] message)
        {
            if (queue.Writer.TryWrite(message)) return;
            if (Interlocked.Exchange(ref overflowed, 1) == 1) return;
            queue.Writer.TryComplete();
            // Off the stream's delivery: cancelling runs the send loop's continuations.
            _ = Task.Run(() =>
            {
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The connection ended meanwhile.
                }
            });
        }

        Task OnNextAsync(NodeAnnouncement announcement, StreamSequenceToken? token)
        {
            if (Volatile.Read(ref overflowed) == 1) return Task.CompletedTask;
            var hash = announcement.TipHash.ToString();
            if (announcement.TransactionIds.IsDefaultOrEmpty || (lastTip is not null && lastTip != hash))
                Enqueue(Tip(announcement, hash));
            if (!announcement.TransactionIds.IsDefaultOrEmpty) Enqueue(Transactions(announcement));
            lastTip = hash;
            return Task.CompletedTask;
        }

        var provider = http.RequestServices.GetRequiredService<IClusterClient>().GetStreamProvider(NodeStreams.ProviderName);
        var stream = provider.GetStream<NodeAnnouncement>(StreamId.Create(NodeStreams.Namespace, name));
        // Subscribed before the upgrade completes, so a client sees every announcement made after it connected.
        var handle = await stream.SubscribeAsync(OnNextAsync);
        hub.Subscribed();
        WebSocket socket;
        try
        {
            socket = await http.WebSockets.AcceptWebSocketAsync();
        }
        catch
        {
            await UnsubscribeAsync(handle, hub);
            throw;
        }

        using var accepted = socket;
        var receiving = ReceiveAsync(socket, stop, http.RequestAborted);
        try
        {
            await SendAsync(http, socket, queue.Reader, options, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ChannelClosedException)
        {
        }
        finally
        {
            await UnsubscribeAsync(handle, hub);
        }

        await CloseAsync(socket, receiving, Volatile.Read(ref overflowed) == 1, options);
    }

    private static async Task UnsubscribeAsync(StreamSubscriptionHandle<NodeAnnouncement> handle, EventsHub hub)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception)
        {
            // The silo is stopping or the pub-sub store is gone: nothing more will be delivered here anyway.
        }
        hub.Unsubscribed();
    }

    private static async Task SendAsync(HttpContext http, WebSocket socket, ChannelReader<byte[]> queue, EventsOptions options, CancellationToken cancellation)
    {
        while (await queue.WaitToReadAsync(cancellation))
        {
            while (queue.TryRead(out var message))
            {
                if (options.BeforeSend is { } before) await before(http, cancellation);
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellation);
            }
        }
    }

    /// <summary>Reads (and ignores) what the client sends until it closes; then stops the sender.</summary>
    private static async Task ReceiveAsync(WebSocket socket, CancellationTokenSource stop, CancellationToken aborted)
    {
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            try
            {
                await stop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static async Task CloseAsync(WebSocket socket, Task receiving, bool overflowed, EventsOptions options)
    {
        using var timeout = new CancellationTokenSource(options.CloseTimeout);
        try
        {
            if (overflowed && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "send queue full: client too slow", timeout.Token);
            else if (socket.State == WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            // Let the client answer the close; one that does not is cut off.
            await receiving.WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }

        if (socket.State is not (WebSocketState.Closed or WebSocketState.Aborted)) socket.Abort();
        try
        {
            await receiving;
        }
        catch (Exception)
        {
            // ReceiveAsync handles its own errors; nothing to report on a socket that is gone.
        }
    }

    private static byte[] Tip(NodeAnnouncement announcement, string hash) => Json(writer =>
    {
        writer.WriteString("type", "tip");
        writer.WriteString("node", announcement.Node);
        writer.WriteString("hash", hash);
        writer.WriteNumber("height", announcement.Height);
        writer.WriteString("work", announcement.CumulativeWork);
    });

    private static byte[] Transactions(NodeAnnouncement announcement) => Json(writer =>
    {
        writer.WriteString("type", "transactions");
        writer.WriteString("node", announcement.Node);
        writer.WriteStartArray("ids");
        foreach (var id in announcement.TransactionIds) writer.WriteStringValue(id.ToString());
        writer.WriteEndArray();
    });

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
