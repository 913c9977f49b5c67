using System.Text;
using System.Text.Json.Nodes;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Silo.Http;

/// <summary>Response bodies: blocks and transactions in the ledger's canonical JSON, the rest as plain objects.</summary>
internal static class GatewayJson
{
    public static JsonNode Block(Block block) => JsonNode.Parse(LedgerJson.ToUtf8Json(block))!;

    public static JsonNode Transaction(Transaction transaction) => JsonNode.Parse(LedgerJson.ToUtf8Json(transaction))!;

    public static JsonArray Blocks(IEnumerable<Block> blocks) => new([.. blocks.Select(Block)]);

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    public static JsonObject Status(NodeStatus status) => new()
    {
        ["name"] = status.Name,
        ["profile"] = status.Profile,
        ["miner"] = status.Miner.ToString(),
        ["tipHash"] = status.TipHash.ToString(),
        ["height"] = status.Height,
        ["cumulativeWork"] = status.CumulativeWork,
        ["pendingTransactions"] = status.PendingTransactions,
        ["mining"] = status.Mining,
        ["peers"] = Strings(status.Peers),
        ["bannedPeers"] = Strings(status.BannedPeers),
    };

    public static JsonObject PeerLink(PeerLinkStatus link) => new()
    {
        ["peer"] = link.Peer,
        ["following"] = link.Following,
        ["score"] = link.Score,
        ["bannedUntil"] = link.BannedUntil?.ToString("O"),
        ["lastOffence"] = link.LastOffence,
        ["lastTipHash"] = link.LastAnnouncement?.TipHash.ToString(),
        ["lastHeight"] = link.LastAnnouncement?.Height,
        ["requestsInFlight"] = link.RequestsInFlight,
    };

    public static JsonArray PeerErrors(IEnumerable<PeerError> errors) =>
        new([.. errors.Select(e => (JsonNode)new JsonObject { ["peer"] = e.Peer, ["error"] = e.Error, ["banned"] = e.Banned })]);

    public static JsonObject Resolve(ResolveResult result) => new()
    {
        ["replaced"] = result.Replaced,
        ["fromPeer"] = result.FromPeer,
        ["connected"] = result.Connected,
        ["disconnected"] = result.Disconnected,
        ["tipHash"] = result.TipHash.ToString(),
        ["height"] = result.Height,
        ["peerErrors"] = PeerErrors(result.PeerErrors),
    };

    public static IResult Ok(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    public static IResult Created(string location, JsonNode body) =>
        new CreatedJson(location, body);

    private sealed class CreatedJson(string location, JsonNode body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return Ok(body, StatusCodes.Status201Created).ExecuteAsync(httpContext);
        }
    }
}
