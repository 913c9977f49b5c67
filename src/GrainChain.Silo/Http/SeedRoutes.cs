using System.Text.Json;
using System.Text.Json.Nodes;
using GrainChain.Abstractions.Nodes;

namespace GrainChain.Silo.Http;

/// <summary>
/// The seed tutorial's routes and JSON (<c>/chain</c>, <c>/mine</c>, <c>/transactions/new</c>, <c>/nodes/register</c>,
/// <c>/nodes/resolve</c>), mapped once per way of finding the node: the default node, or <c>/nodes/{name}</c>.
/// </summary>
internal static class SeedRoutes
{
    public static void Map(RouteGroupBuilder group, GatewayNodes nodes, Func<HttpContext, Task<INodeGrain>> resolve)
    {
        group.MapGet("/chain", async (HttpContext http) =>
        {
            var (blocks, length) = await GatewayNodes.FullChainAsync(await resolve(http));
            return GatewayJson.Ok(new JsonObject { ["chain"] = GatewayJson.Blocks(blocks), ["length"] = length });
        });

        group.MapMethods("/mine", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http) =>
        {
            var node = await resolve(http);
            var mined = await node.MineAsync(1, http.RequestAborted);
            var block = await node.GetBlockAsync(mined[0].Hash)
                ?? throw new InvalidOperationException($"the block just mined, {mined[0].Hash}, is not on the node");
            return GatewayJson.Ok(new JsonObject
            {
                ["message"] = "New Block Forged",
                ["index"] = mined[0].Height,
                ["transactions"] = new JsonArray([.. block.Transactions.Select(GatewayJson.Transaction)]),
                ["proof"] = block.Header.Nonce,
                ["previous_hash"] = block.Header.PreviousHash.ToString(),
                ["hash"] = block.Hash.ToString(),
            });
        });

        group.MapPost("/transactions/new", async (HttpContext http) =>
        {
            var node = await resolve(http);
            var body = await RequestBodies.ReadAsync(http, nodes.Options.MaxRequestBodyBytes);
            var transfer = RequestBodies.ReadTransfer(body, await nodes.ChainIdAsync(node));
            var submission = await GatewayNodes.SubmitAsync(http, node, transfer);
            RestRoutes.ThrowIfRejected(submission);
            return GatewayJson.Ok(new JsonObject
            {
                ["message"] = $"Transaction will be added to Block {submission.TipHeight + 1}",
                ["txid"] = submission.TransactionId.ToString(),
            }, StatusCodes.Status201Created);
        });

        group.MapPost("/nodes/register", async (HttpContext http) =>
        {
            var node = await resolve(http);
            var root = RequestBodies.ParseObject(await RequestBodies.ReadAsync(http, nodes.Options.MaxRequestBodyBytes));
            if (!root.TryGetProperty("nodes", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw GatewayProblem.BadRequest("nodes", "Error: Please supply a valid list of nodes (a non-empty array of node names)");
            var names = new List<string>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var field = $"nodes[{i++}]";
                names.Add(PeerName(RequestBodies.RequireString(item, field), field));
            }
            IReadOnlyList<string> peers;
            try
            {
                // All or none: one name that cannot be a peer leaves the node's peers as they were.
                peers = await node.AddPeersAsync(names);
            }
            catch (PeerRejectedException e)
            {
                throw GatewayProblem.BadRequest($"nodes[{e.Index}]", e.Message);
            }
            return GatewayJson.Ok(new JsonObject
            {
                ["message"] = "New nodes have been added",
                ["total_nodes"] = GatewayJson.Strings(peers),
            }, StatusCodes.Status201Created);
        });

        group.MapGet("/nodes/resolve", async (HttpContext http) =>
        {
            var node = await resolve(http);
            var result = await node.ResolveAsync();
            var (blocks, length) = await GatewayNodes.FullChainAsync(node);
            return GatewayJson.Ok(new JsonObject
            {
                ["message"] = result.Replaced ? "Our chain was replaced" : "Our chain is authoritative",
                [result.Replaced ? "new_chain" : "chain"] = GatewayJson.Blocks(blocks),
                ["length"] = length,
                ["from_peer"] = result.FromPeer,
                ["errors"] = GatewayJson.PeerErrors(result.PeerErrors),
            });
        });
    }

    /// <summary>
    /// A peer as the seed names it: a node name, or the URL of a node on a gateway (<c>http://host/nodes/{name}</c>,
    /// whose last segment is the name). A bare <c>http://host:port</c> names no GrainChain node and is refused.
    /// </summary>
    private static string PeerName(string text, string field)
    {
        if (NodeNames.IsValid(text)) return text;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length >= 2 && segments[^2] == "nodes" && NodeNames.IsValid(segments[^1])) return segments[^1];
        }
        throw GatewayProblem.BadRequest(field,
            $"'{text}' is neither a node name (1 to {NodeNames.MaxLength} letters, digits, '.', '_' or '-') nor a node URL ending in /nodes/{{name}}");
    }

}
