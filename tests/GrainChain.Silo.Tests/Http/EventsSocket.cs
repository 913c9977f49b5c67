using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace GrainChain.Silo.Tests.Http;

/// <summary>Reads <c>/events</c> messages off a client WebSocket.</summary>
internal static class EventsSocket
{
    /// <summary>The next message, which must be a JSON text message (not a close).</summary>
    public static async Task<JsonObject> ReceiveJsonAsync(WebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        using var text = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellation);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            text.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonNode.Parse(Encoding.UTF8.GetString(text.ToArray()))!.AsObject();
    }

    /// <summary>Reads until <paramref name="node"/>'s tip at <paramref name="height"/> or above; every message read is passed to <paramref name="seen"/>.</summary>
    public static async Task<JsonObject> NextTipOfAsync(WebSocket socket, string node, long height, CancellationToken cancellation, Action<JsonObject>? seen = null)
    {
        while (true)
        {
            var message = await ReceiveJsonAsync(socket, cancellation);
            seen?.Invoke(message);
            if ((string?)message["type"] == "tip" && (string?)message["node"] == node && (long)message["height"]! >= height) return message;
        }
    }
}
