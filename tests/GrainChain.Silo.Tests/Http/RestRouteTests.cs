using System.Net;
using System.Net.Http.Json;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;
using static GrainChain.Silo.Tests.Http.GatewayFixture;

namespace GrainChain.Silo.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class RestRouteTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Nodes_are_created_listed_and_described()
    {
        using var miner = KeyPair.Generate();
        using var other = KeyPair.Generate();
        var name = "rest-" + Guid.NewGuid().ToString("N")[..8];

        var created = await Client.PostAsJsonAsync("/api/nodes", new { name, profile = "test", miner = miner.Address.ToString() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/nodes/{name}", created.Headers.Location?.OriginalString);
        var again = await Client.PostAsJsonAsync("/api/nodes", new { name, miner = miner.Address.ToString() });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await ProblemAsync(await Client.PostAsJsonAsync("/api/nodes", new { name, miner = other.Address.ToString() }), HttpStatusCode.Conflict);

        var list = await BodyAsync(await Client.GetAsync("/api/nodes?from=0&count=1000"));
        Assert.Contains(list["names"]!.AsArray(), n => (string?)n == name);
        Assert.True((int)list["total"]! >= 1);
        var status = await BodyAsync(await Client.GetAsync($"/api/nodes/{name}"));
        Assert.Equal(name, (string?)status["name"]);
        Assert.Equal(0, (long)status["height"]!);
        Assert.Equal(miner.Address.ToString(), (string?)status["miner"]);
    }

    [Theory]
    [InlineData("""{"name":"x1","profile":"bitcoin","miner":"0000000000000000000000000000000000000000"}""", "profile")]
    [InlineData("""{"name":"x1"}""", "miner")]
    [InlineData("""{"name":"x1","miner":"abc"}""", "miner")]
    [InlineData("""{"name":"bad name","miner":"0000000000000000000000000000000000000000"}""", "name")]
    [InlineData("""{"name":7,"miner":"0000000000000000000000000000000000000000"}""", "name")]
    [InlineData("""{"name":"x1","miner":"0000000000000000000000000000000000000000","colour":"red"}""", "colour")]
    [InlineData("""{"name":"x1",""", "body")]
    public async Task Creating_a_node_names_the_bad_field(string body, string field)
    {
        await ProblemAsync(await Client.PostAsync("/api/nodes", Json(body)), HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("/api/nodes?count=0", "count")]
    [InlineData("/api/nodes?from=-1", "from")]
    [InlineData("/api/nodes?count=abc", "count")]
    public async Task Listing_checks_its_paging(string url, string field)
    {
        await ProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Mining_blocks_and_chain_pages()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);

        var mined = await BodyAsync(await Client.PostAsync($"/api/nodes/{a}/mine?blocks=3", null));
        var blocks = mined["blocks"]!.AsArray();
        Assert.Equal([1L, 2L, 3L], blocks.Select(b => (long)b!["height"]!));
        var tip = (string)blocks[2]!["hash"]!;

        var byHash = await Client.GetStringAsync($"/api/nodes/{a}/blocks/{tip}");
        Assert.Equal(tip, LedgerJson.ReadBlock(byHash, 10_000).Hash.ToString());
        var atHeight = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/blocks/height/3"));
        Assert.Equal(tip, (string?)atHeight["hash"]);
        var page = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/chain?from=1&count=2"));
        Assert.Equal(1, (long)page["fromHeight"]!);
        Assert.Equal(4, (long)page["length"]!);
        Assert.Equal(2, page["blocks"]!.AsArray().Count);

        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/blocks/xyz"), HttpStatusCode.BadRequest, "hash");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/blocks/{new string('0', 64)}"), HttpStatusCode.NotFound, "hash");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/blocks/height/99"), HttpStatusCode.NotFound, "height");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/blocks/height/-1"), HttpStatusCode.BadRequest, "height");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/chain?count=501"), HttpStatusCode.BadRequest, "count");
        await ProblemAsync(await Client.PostAsync($"/api/nodes/{a}/mine?blocks=0", null), HttpStatusCode.BadRequest, "blocks");
        await ProblemAsync(await Client.PostAsync($"/api/nodes/{a}/mine?blocks=many", null), HttpStatusCode.BadRequest, "blocks");
    }

    [Fact]
    public async Task Transactions_in_canonical_json_are_submitted_and_read_back()
    {
        using var miner = KeyPair.Generate();
        using var payee = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);
        await Client.PostAsync($"/api/nodes/{a}/mine", null);
        var transfer = SeedRouteTests.Transfer(miner, payee.Address, 3 * Amount.UnitsPerCoin, 0);

        var response = await Client.PostAsync($"/api/nodes/{a}/transactions", Json(LedgerJson.ToJson(transfer)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/nodes/{a}/transactions/{transfer.Id}", response.Headers.Location?.OriginalString);
        var read = await Client.GetStringAsync($"/api/nodes/{a}/transactions/{transfer.Id}");
        Assert.Equal(transfer.Id, LedgerJson.ReadTransaction(read).Id);
        Assert.Equal(1, (int)(await BodyAsync(await Client.GetAsync($"/api/nodes/{a}")))["pendingTransactions"]!);

        // The same again is idempotent: accepted, already pending.
        var again = await Client.PostAsync($"/api/nodes/{a}/transactions", Json(LedgerJson.ToJson(transfer)));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(transfer.Id.ToString(), (string?)(await BodyAsync(again))["txid"]);
        // A transfer the sender cannot pay: the mempool's reason code, 422.
        var spent = SeedRouteTests.Transfer(payee, miner.Address, 1, 0);
        var broke = await ProblemAsync(await Client.PostAsJsonAsync($"/api/nodes/{a}/transactions", SeedRouteTests.Compact(spent)), HttpStatusCode.UnprocessableEntity, "amount");
        Assert.Equal("InsufficientFunds", (string?)broke["reason"]);

        await Client.PostAsync($"/api/nodes/{a}/mine", null);
        var account = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/accounts/{payee.Address}"));
        Assert.Equal(3 * Amount.UnitsPerCoin, (long)account["balance"]!);
        Assert.Equal(0UL, (ulong)account["nextNonce"]!);
        var payer = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/accounts/{miner.Address}"));
        Assert.Equal(1UL, (ulong)payer["nextNonce"]!);

        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/transactions/{new string('1', 64)}"), HttpStatusCode.NotFound, "id");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/transactions/nope"), HttpStatusCode.BadRequest, "id");
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/accounts/nope"), HttpStatusCode.BadRequest, "address");
    }

    [Theory]
    [InlineData("txid")]
    [InlineData("fee")]
    [InlineData("kind")]
    public async Task Canonical_transactions_with_bad_fields_name_them(string broken)
    {
        using var miner = KeyPair.Generate();
        var transfer = SeedRouteTests.Transfer(miner, miner.Address, 1, 0);
        var json = System.Text.Json.Nodes.JsonNode.Parse(LedgerJson.ToJson(transfer))!.AsObject();
        json[broken] = broken == "fee" ? -5 : "wrong";

        var response = await Client.PostAsync("/api/nodes/node/transactions", Json(json.ToJsonString()));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "transaction." + broken);
    }

    [Fact]
    public async Task Peers_are_added_read_and_removed()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");
        var b = await fixture.CreateNodeAsync(miner, "b");
        var c = await fixture.CreateNodeAsync(miner, "c");

        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync($"/api/nodes/{a}/peers", new { peer = b })).StatusCode);
        var added = await Client.PostAsync($"/api/nodes/{a}/peers/{c}", null);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(2, (await BodyAsync(added))["peers"]!.AsArray().Count);
        var peers = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/peers"));
        Assert.Equal(new[] { b, c }.Order(StringComparer.Ordinal), peers["peers"]!.AsArray().Select(p => (string)p!).Order(StringComparer.Ordinal));
        var link = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/peers/{b}"));
        Assert.Equal(b, (string?)link["peer"]);

        var removed = await BodyAsync(await Client.DeleteAsync($"/api/nodes/{a}/peers/{b}"));
        Assert.Equal([c], removed["peers"]!.AsArray().Select(p => (string?)p));
        await ProblemAsync(await Client.GetAsync($"/api/nodes/{a}/peers/{b}"), HttpStatusCode.NotFound, "peer");
        await ProblemAsync(await Client.PostAsync($"/api/nodes/{a}/peers/{a}", null), HttpStatusCode.BadRequest, "peer");
        await ProblemAsync(await Client.PostAsync($"/api/nodes/{a}/peers/nobody-at-all", null), HttpStatusCode.BadRequest, "peer");
        await ProblemAsync(await Client.PostAsJsonAsync($"/api/nodes/{a}/peers", new { peer = 5 }), HttpStatusCode.BadRequest, "peer");
        await ProblemAsync(await Client.PostAsJsonAsync($"/api/nodes/{a}/peers", new { friend = b }), HttpStatusCode.BadRequest, "peer");
    }

    [Fact]
    public async Task Resolve_reports_the_tip_and_peer_errors()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");
        var b = await fixture.CreateNodeAsync(miner, "b");
        await Client.PostAsync($"/api/nodes/{b}/mine?blocks=2", null);
        await Client.PostAsync($"/api/nodes/{a}/peers/{b}", null);

        var resolved = await BodyAsync(await Client.PostAsync($"/api/nodes/{a}/resolve", null));

        Assert.Equal(2, (long)resolved["height"]!);
        Assert.Empty(resolved["peerErrors"]!.AsArray());
        Assert.NotNull(resolved["replaced"]);
    }

    [Fact]
    public async Task Continuous_mining_starts_and_stops()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);

        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync($"/api/nodes/{a}/mining/start", null)).StatusCode);
        Assert.True((bool)(await BodyAsync(await Client.GetAsync($"/api/nodes/{a}")))["mining"]!);
        await Task.Delay(200);
        var stopped = await Client.PostAsync($"/api/nodes/{a}/mining/stop", null);

        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        var body = await BodyAsync(stopped);
        Assert.False((bool)body["mining"]!);
        Assert.True((long)body["mined"]! >= 0);
    }

    [Fact]
    public async Task Every_node_route_answers_404_for_an_unknown_node()
    {
        const string n = "/api/nodes/ghost-node";
        var hash = new string('0', 64);
        var address = new string('0', 40);
        var requests = new (HttpMethod Method, string Url)[]
        {
            (HttpMethod.Get, n), (HttpMethod.Get, $"{n}/blocks/{hash}"), (HttpMethod.Get, $"{n}/blocks/height/0"),
            (HttpMethod.Get, $"{n}/chain"), (HttpMethod.Get, $"{n}/transactions/{hash}"), (HttpMethod.Get, $"{n}/accounts/{address}"),
            (HttpMethod.Get, $"{n}/peers"), (HttpMethod.Post, $"{n}/resolve"), (HttpMethod.Post, $"{n}/mine"),
            (HttpMethod.Post, $"{n}/mining/start"), (HttpMethod.Post, $"{n}/mining/stop"), (HttpMethod.Post, $"{n}/peers/node"),
        };
        foreach (var (method, url) in requests)
        {
            var response = await Client.SendAsync(new HttpRequestMessage(method, url));
            await ProblemAsync(response, HttpStatusCode.NotFound);
        }
    }
}
