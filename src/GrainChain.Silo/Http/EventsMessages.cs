using System.Buffers;
using System.Text.Json;
using GrainChain.Abstractions.Nodes;

namespace GrainChain.Silo.Http;

/// <summary>
/// The JSON text messages of <c>/events</c>. Every message names its node. A tip is
/// <c>{"type":"tip","node","hash","height","work"}</c>, and on the all-nodes feed also <c>"txs"</c> (transactions in
/// the tip block), <c>"connected"</c> and <c>"disconnected"</c> (blocks that joined and left the best chain);
/// transactions are <c>{"type":"transactions","node","ids":[…]}</c>, on a node's feed only.
/// </summary>
internal static class EventsMessages
{
    /// <summary>
    /// Turns a node's announcements into messages, for one connection: an announcement carrying transactions also
    /// carries the tip it was made at, which is a new tip only when it differs from the last one seen.
    /// </summary>
    public static Action<NodeAnnouncement, Action<byte[]>> NodeFeed()
    {
        string? lastTip = null;
        return (announcement, send) =>
        {
            var hash = announcement.TipHash.ToString();
            var hasTransactions = !announcement.TransactionIds.IsDefaultOrEmpty;
            if (!hasTransactions || (lastTip is not null && lastTip != hash)) send(Tip(announcement, hash));
            if (hasTransactions) send(Transactions(announcement));
            lastTip = hash;
        };
    }

    /// <summary>Turns the all-nodes stream's tip events into messages: one each.</summary>
    public static void AllNodesFeed(NodeTipEvent tip, Action<byte[]> send) => send(Json(writer =>
    {
        WriteTip(writer, tip.Node, tip.TipHash.ToString(), tip.Height, tip.CumulativeWork);
        writer.WriteNumber("txs", tip.Transactions);
        writer.WriteNumber("connected", tip.Connected);
        writer.WriteNumber("disconnected", tip.Disconnected);
    }));

    private static byte[] Tip(NodeAnnouncement announcement, string hash) =>
        Json(writer => WriteTip(writer, announcement.Node, hash, announcement.Height, announcement.CumulativeWork));

    private static void WriteTip(Utf8JsonWriter writer, string node, string hash, long height, string work)
    {
        writer.WriteString("type", "tip");
        writer.WriteString("node", node);
        writer.WriteString("hash", hash);
        writer.WriteNumber("height", height);
        writer.WriteString("work", work);
    }

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
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
