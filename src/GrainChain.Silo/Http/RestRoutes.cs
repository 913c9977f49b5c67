using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Silo.Http;

/// <summary>The native REST API under <c>/api</c>: nodes, blocks, chain pages, transactions, accounts, peers, resolve and mining.</summary>
internal static class RestRoutes
{
    private const int MaxMineBlocks = 1_000;

    public static void Map(RouteGroupBuilder api, GatewayNodes nodes)
    {
        var all = api.MapGroup("/nodes");
        all.MapPost("", async (HttpContext http) =>
        {
            var root = RequestBodies.ParseObject(await RequestBodies.ReadAsync(http, nodes.Options.MaxRequestBodyBytes));
            RequestBodies.RequireFields(root, ["name", "miner"]);
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("name" or "profile" or "miner"))
                    throw GatewayProblem.BadRequest(property.Name, $"{property.Name}: unknown field (a node has name, profile and miner)");
            var name = RequestBodies.RequireString(root.GetProperty("name"), "name");
            var node = GatewayNodes.Node(http, name);
            var profile = root.TryGetProperty("profile", out var p) && p.ValueKind != JsonValueKind.Null
                ? RequestBodies.RequireString(p, "profile")
                : nodes.Options.DefaultProfile;
            var miner = RequestBodies.ReadAddress(root.GetProperty("miner"), "miner");
            var existed = true;
            try
            {
                await node.GetStatusAsync();
            }
            catch (NodeNotFoundException)
            {
                existed = false;
            }
            NodeStatus status;
            try
            {
                status = await node.CreateAsync(new NodeSettings(profile, miner));
            }
            catch (ArgumentException e)
            {
                throw GatewayProblem.BadRequest("profile", e.Message.Split(" (Parameter '")[0]);
            }
            return existed
                ? GatewayJson.Ok(GatewayJson.Status(status))
                : GatewayJson.Created($"/api/nodes/{name}", GatewayJson.Status(status));
        });

        all.MapGet("", async (HttpContext http) =>
        {
            var from = QueryInt(http, "from", 0, 0, int.MaxValue);
            var count = QueryInt(http, "count", 100, 1, 1_000);
            var list = await GatewayNodes.Grains(http).GetGrain<INodeRegistryGrain>(0).ListAsync(from, count);
            return GatewayJson.Ok(new JsonObject { ["names"] = GatewayJson.Strings(list.Names), ["from"] = from, ["total"] = list.Total });
        });

        var one = all.MapGroup("/{name}");
        one.MapGet("", async (HttpContext http, string name) =>
            GatewayJson.Ok(GatewayJson.Status(await GatewayNodes.Node(http, name).GetStatusAsync())));

        one.MapGet("/blocks/{hash}", async (HttpContext http, string name, string hash) =>
        {
            var node = GatewayNodes.Node(http, name);
            var id = ParseHash(hash, "hash");
            var block = await node.GetBlockAsync(id) ?? throw GatewayProblem.NotFound("hash", $"node '{name}' has no block {id}");
            return GatewayJson.Ok(GatewayJson.Block(block));
        });

        one.MapGet("/blocks/height/{height}", async (HttpContext http, string name, string height) =>
        {
            var node = GatewayNodes.Node(http, name);
            if (!long.TryParse(height, NumberStyles.None, CultureInfo.InvariantCulture, out var at))
                throw GatewayProblem.BadRequest("height", $"'{height}' is not a height: expected an integer from 0 to {long.MaxValue}");
            var block = await node.GetBlockAtHeightAsync(at) ?? throw GatewayProblem.NotFound("height", $"node '{name}' has no block at height {at}");
            return GatewayJson.Ok(GatewayJson.Block(block));
        });

        one.MapGet("/chain", async (HttpContext http, string name) =>
        {
            var node = GatewayNodes.Node(http, name);
            var from = QueryInt(http, "from", 0, 0, int.MaxValue);
            var count = QueryInt(http, "count", 100, 1, 500);
            var page = await node.GetChainAsync(from, count);
            return GatewayJson.Ok(new JsonObject
            {
                ["fromHeight"] = page.FromHeight,
                ["length"] = page.Length,
                ["blocks"] = GatewayJson.Blocks(page.Blocks.IsDefault ? [] : page.Blocks),
            });
        });

        one.MapGet("/transactions/{id}", async (HttpContext http, string name, string id) =>
        {
            var node = GatewayNodes.Node(http, name);
            var txid = ParseHash(id, "id");
            await node.GetStatusAsync(); // an unknown node is a 404 for the node, not for the transaction
            var transaction = await node.GetTransactionAsync(txid) ?? throw GatewayProblem.NotFound("id", $"node '{name}' has no transaction {txid}");
            return GatewayJson.Ok(GatewayJson.Transaction(transaction));
        });

        one.MapPost("/transactions", async (HttpContext http, string name) =>
        {
            var node = GatewayNodes.Node(http, name);
            var body = await RequestBodies.ReadAsync(http, nodes.Options.MaxRequestBodyBytes);
            var submission = await GatewayNodes.SubmitAsync(http, node, RequestBodies.ReadTransfer(body, await nodes.ChainIdAsync(node)));
            ThrowIfRejected(submission);
            return GatewayJson.Created($"/api/nodes/{name}/transactions/{submission.TransactionId}", new JsonObject
            {
                ["txid"] = submission.TransactionId.ToString(),
                ["accepted"] = true,
                ["reason"] = submission.Reason,
                ["message"] = submission.Message,
            });
        });

        one.MapGet("/accounts/{address}", async (HttpContext http, string name, string address) =>
        {
            var node = GatewayNodes.Node(http, name);
            if (!Address.TryParse(address, out var account))
                throw GatewayProblem.BadRequest("address", $"'{address}' is not an address: expected 40 hexadecimal digits");
            var view = await node.GetAccountAsync(account);
            return GatewayJson.Ok(new JsonObject
            {
                ["address"] = view.Address.ToString(),
                ["balance"] = view.Balance.Units,
                ["nextNonce"] = view.NextNonce,
                ["pendingNonce"] = view.PendingNonce,
            });
        });

        one.MapGet("/peers", async (HttpContext http, string name) =>
        {
            var links = await GatewayNodes.Node(http, name).GetPeerLinksAsync();
            return GatewayJson.Ok(new JsonObject
            {
                ["peers"] = GatewayJson.Strings(links.Select(l => l.Peer)),
                ["links"] = new JsonArray([.. links.Select(l => (JsonNode)GatewayJson.PeerLink(l))]),
            });
        });

        one.MapGet("/peers/{peer}", async (HttpContext http, string name, string peer) =>
        {
            var node = GatewayNodes.Node(http, name);
            GatewayNodes.Node(http, peer, "peer");
            var link = (await node.GetPeerLinksAsync()).FirstOrDefault(l => l.Peer == peer)
                ?? throw GatewayProblem.NotFound("peer", $"'{peer}' is not a peer of node '{name}'");
            return GatewayJson.Ok(GatewayJson.PeerLink(link));
        });

        one.MapPost("/peers", async (HttpContext http, string name) =>
        {
            var node = GatewayNodes.Node(http, name);
            var root = RequestBodies.ParseObject(await RequestBodies.ReadAsync(http, nodes.Options.MaxRequestBodyBytes));
            RequestBodies.RequireFields(root, ["peer"]);
            var peer = RequestBodies.RequireString(root.GetProperty("peer"), "peer");
            return await AddPeerAsync(http, node, name, peer);
        });

        one.MapPost("/peers/{peer}", async (HttpContext http, string name, string peer) =>
            await AddPeerAsync(http, GatewayNodes.Node(http, name), name, peer));

        one.MapDelete("/peers/{peer}", async (HttpContext http, string name, string peer) =>
        {
            var node = GatewayNodes.Node(http, name);
            GatewayNodes.Node(http, peer, "peer");
            var peers = await node.RemovePeerAsync(peer);
            return GatewayJson.Ok(new JsonObject { ["peers"] = GatewayJson.Strings(peers) });
        });

        one.MapPost("/resolve", async (HttpContext http, string name) =>
            GatewayJson.Ok(GatewayJson.Resolve(await GatewayNodes.Node(http, name).ResolveAsync())));

        one.MapPost("/mine", async (HttpContext http, string name) =>
        {
            var node = GatewayNodes.Node(http, name);
            var blocks = QueryInt(http, "blocks", 1, 1, MaxMineBlocks);
            var mined = await node.MineAsync(blocks, http.RequestAborted);
            return GatewayJson.Ok(new JsonObject
            {
                ["blocks"] = new JsonArray([.. mined.Select(m => (JsonNode)new JsonObject
                {
                    ["hash"] = m.Hash.ToString(),
                    ["height"] = m.Height,
                    ["transactions"] = m.Transactions,
                })]),
            });
        });

        one.MapPost("/mining/start", async (HttpContext http, string name) =>
        {
            var node = GatewayNodes.Node(http, name);
            await node.StartMiningAsync();
            return GatewayJson.Ok(new JsonObject { ["mining"] = true }, StatusCodes.Status202Accepted);
        });

        one.MapPost("/mining/stop", async (HttpContext http, string name) =>
        {
            var mined = await GatewayNodes.Node(http, name).StopMiningAsync();
            return GatewayJson.Ok(new JsonObject { ["mining"] = false, ["mined"] = mined });
        });
    }

    private static async Task<IResult> AddPeerAsync(HttpContext http, INodeGrain node, string name, string peer)
    {
        GatewayNodes.Node(http, peer, "peer");
        IReadOnlyList<string> peers;
        try
        {
            peers = await node.AddPeerAsync(peer);
        }
        catch (ArgumentException e)
        {
            throw GatewayProblem.BadRequest("peer", e.Message.Split(" (Parameter '")[0]);
        }
        return GatewayJson.Created($"/api/nodes/{name}/peers/{peer}", new JsonObject { ["peers"] = GatewayJson.Strings(peers) });
    }

    /// <summary>A transfer the mempool refused: 422 with its reason code and the field it concerns.</summary>
    internal static void ThrowIfRejected(TransactionSubmission submission)
    {
        if (submission.Accepted) return;
        var field = submission.Reason switch
        {
            "BadSignature" => "signature",
            "NonceTooLow" or "NonceTooHigh" => "nonce",
            "InsufficientFunds" => "amount",
            "WrongChain" => "chainId",
            "ReplacementUnderpriced" => "fee",
            _ => null,
        };
        throw new GatewayProblem(StatusCodes.Status422UnprocessableEntity, "Transaction rejected",
            $"transaction {submission.TransactionId} was rejected ({submission.Reason}): {submission.Message}", field, submission.Reason);
    }

    private static Hash256 ParseHash(string text, string field) =>
        Hash256.TryParse(text, out var hash)
            ? hash
            : throw GatewayProblem.BadRequest(field, $"'{text}' is not a hash: expected 64 hexadecimal digits");

    private static int QueryInt(HttpContext http, string name, int fallback, int min, int max)
    {
        var values = http.Request.Query[name];
        if (values.Count == 0) return fallback;
        if (values.Count > 1) throw GatewayProblem.BadRequest(name, $"{name} is given {values.Count} times");
        if (!int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw GatewayProblem.BadRequest(name, $"{name}: expected an integer from {min} to {max}, got '{values[0]}'");
        return value;
    }
}
