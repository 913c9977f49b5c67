using System.Net.WebSockets;
using System.Threading.Channels;
using Orleans.Streams;

namespace GrainChain.Silo.Http;

/// <summary>
/// One <c>/events</c> client: a subscription to one stream (made from the silo's own client), a bounded queue of JSON
/// messages and the WebSocket they are written to. The stream's delivery only ever enqueues; a client that lets the
/// queue fill is closed with 1008 (policy violation) instead of slowing the silo.
/// </summary>
internal static class EventsConnection
{
    /// <summary>
    /// Subscribes to <paramref name="stream"/>, accepts the upgrade and pumps messages until either side ends the
    /// connection. <paramref name="feed"/> names what is followed, for the log; <paramref name="translate"/> turns one
    /// stream item into messages, called on the stream's delivery, one item at a time.
    /// </summary>
    public static async Task RunAsync<T>(HttpContext http, EventsHub hub, IAsyncStream<T> stream, string feed, Action<T, Action<byte[]>> translate)
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

        Task OnNextAsync(T item, StreamSequenceToken? token)
        {
            if (Volatile.Read(ref overflowed) == 0) translate(item, Enqueue);
            return Task.CompletedTask;
        }

        // Subscribed before the upgrade completes, so a client sees every event made after it connected.
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

        var dropped = Volatile.Read(ref overflowed) == 1;
        if (dropped) EventsLog.ClientDropped(Logger(http), feed, http.Connection.RemoteIpAddress?.ToString(), options.QueueCapacity);
        await CloseAsync(socket, receiving, dropped, options);
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(EventsLog.Category) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    private static async Task UnsubscribeAsync<T>(StreamSubscriptionHandle<T> handle, EventsHub hub)
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
}
