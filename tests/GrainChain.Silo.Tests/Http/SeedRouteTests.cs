using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using static GrainChain.Silo.Tests.Http.GatewayFixture;

namespace GrainChain.Silo.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class SeedRouteTests(GatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    internal static object Compact(Transaction signed) => new
    {
        sender_public_key = signed.Sender.ToString(),
        recipient = signed.Recipient.ToString(),
        amount = signed.Amount.Units,
        fee = signed.Fee.Units,
        nonce = signed.Nonce,
        signature = signed.Signature.ToString(),
    };

    internal static Transaction Transfer(KeyPair from, Address to, long units, ulong nonce) =>
        TransactionSigner.Sign(Transaction.CreateTransfer(ChainParams.Test.ChainId, from.PublicKey, to, new Amount(units), new Amount(10_000), nonce), from);

    [Fact]
    public async Task The_default_node_is_created_on_first_use_and_serves_its_chain()
    {
        var response = await Client.GetAsync("/chain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyAsync(response);
        var chain = body["chain"]!.AsArray();
        Assert.Equal((long)body["length"]!, chain.Count);
        Assert.Equal(ChainParams.Test.GenesisHeader.ComputeHash().ToString(), (string?)chain[0]!["hash"]);
        var status = await BodyAsync(await Client.GetAsync("/api/nodes/node"));
        Assert.Equal(fixture.DefaultMiner.Address.ToString(), (string?)status["miner"]);
    }

    [Fact]
    public async Task Get_and_post_mine_forge_a_block_in_the_seeds_shape()
    {
        var first = await BodyAsync(await Client.GetAsync("/mine"));
        var response = await Client.PostAsync("/mine", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await BodyAsync(response);
        foreach (var mined in new[] { first, second })
        {
            Assert.Equal("New Block Forged", (string?)mined["message"]);
            Assert.NotNull(mined["proof"]);
            Assert.Equal(64, ((string?)mined["hash"])!.Length);
            Assert.Equal("coinbase", (string?)mined["transactions"]![0]!["kind"]);
        }
        Assert.True((long)second["index"]! > (long)first["index"]!);
        var chain = await BodyAsync(await Client.GetAsync("/chain"));
        Assert.Contains(chain["chain"]!.AsArray(), b => (string?)b!["hash"] == (string?)second["hash"]);
    }

    [Fact]
    public async Task Register_mine_and_resolve_take_the_peers_chain_then_stay_authoritative()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");
        var b = await fixture.CreateNodeAsync(miner, "b");

        var registered = await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":["http://localhost:5001/nodes/{{b}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var added = await BodyAsync(registered);
        Assert.Equal("New nodes have been added", (string?)added["message"]);
        Assert.Equal([b], added["total_nodes"]!.AsArray().Select(n => (string?)n));

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/nodes/{b}/mine")).StatusCode);
        var bChain = await BodyAsync(await Client.GetAsync($"/nodes/{b}/chain"));

        var first = await BodyAsync(await Client.GetAsync($"/nodes/{a}/nodes/resolve"));
        // Replaced, unless the link's gossip took B's blocks first: then A already has them and is authoritative.
        var message = (string?)first["message"];
        Assert.Contains(message, new[] { "Our chain was replaced", "Our chain is authoritative" });
        var taken = first[message == "Our chain was replaced" ? "new_chain" : "chain"]!.AsArray();
        Assert.Equal(bChain["chain"]!.AsArray().Select(x => (string?)x!["hash"]), taken.Select(x => (string?)x!["hash"]));
        Assert.Empty(first["errors"]!.AsArray());

        var second = await BodyAsync(await Client.GetAsync($"/nodes/{a}/nodes/resolve"));
        Assert.Equal("Our chain is authoritative", (string?)second["message"]);
        Assert.Equal(4, second["chain"]!.AsArray().Count);
    }

    [Fact]
    public async Task Resolve_after_a_peer_got_ahead_without_gossip_leaves_the_longer_chain()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");
        var b = await fixture.CreateNodeAsync(miner, "b");
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":["{{b}}"]}"""))).StatusCode);
        // A stops following B's announcements, then B mines: only a resolve can bring its blocks to A.
        await Client.DeleteAsync($"/api/nodes/{a}/peers/{b}");
        for (var i = 0; i < 2; i++) await Client.GetAsync($"/nodes/{b}/mine");
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":["{{b}}"]}"""))).StatusCode);

        var resolved = await BodyAsync(await Client.GetAsync($"/nodes/{a}/nodes/resolve"));

        Assert.Equal(3, (long)resolved["length"]!);
        Assert.Contains((string?)resolved["message"], new[] { "Our chain was replaced", "Our chain is authoritative" });
    }

    [Theory]
    [InlineData("{}", "nodes")]
    [InlineData("""{"nodes":[]}""", "nodes")]
    [InlineData("""{"nodes":"b"}""", "nodes")]
    [InlineData("""{"nodes":[42]}""", "nodes[0]")]
    [InlineData("""{"nodes":["http://192.168.0.5:5000"]}""", "nodes[0]")]
    [InlineData("""{"nodes":["no-such-node-anywhere"]}""", "nodes[0]")]
    public async Task Register_refuses_what_is_not_a_list_of_existing_nodes(string body, string field)
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");

        var response = await Client.PostAsync($"/nodes/{a}/nodes/register", Json(body));

        await ProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Register_is_all_or_none_a_bad_name_in_the_list_adds_no_peer()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner, "a");
        var b = await fixture.CreateNodeAsync(miner, "b");
        var c = await fixture.CreateNodeAsync(miner, "c");

        var response = await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":["{{b}}","{{c}}","no-such-node-anywhere"]}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "nodes[2]");
        Assert.Contains("no node named 'no-such-node-anywhere'", (string?)problem["detail"]);
        var peers = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/peers"));
        Assert.Empty(peers["peers"]!.AsArray());

        var tooMany = string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"n{i}\""));
        var refused = await ProblemAsync(await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":[{{tooMany}}]}""")), HttpStatusCode.BadRequest, "nodes[100]");
        Assert.Contains("at most 100 peers", (string?)refused["detail"]);

        var registered = await Client.PostAsync($"/nodes/{a}/nodes/register", Json($$"""{"nodes":["{{b}}","{{c}}","{{b}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal([b, c], (await BodyAsync(registered))["total_nodes"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task The_seeds_unsigned_transaction_is_refused_with_what_to_send_instead()
    {
        using var miner = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);

        var response = await Client.PostAsync($"/nodes/{a}/transactions/new",
            Json($$"""{"sender":"d4ee26eee15148ee92c6cd394edd974e","recipient":"{{miner.Address}}","amount":5}"""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "signature");
        Assert.Equal("Unsigned", (string?)problem["reason"]);
        Assert.Contains("sender_public_key", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"sender":"x","amount":5}""", "recipient")]
    [InlineData("""{"recipient":"00"}""", "sender_public_key")]
    [InlineData("""{"sender":"x","recipient":"zz","amount":5}""", "recipient")]
    public async Task Missing_or_bad_fields_are_named(string body, string field)
    {
        var response = await Client.PostAsync("/transactions/new", Json(body));

        await ProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("\"10\"")]
    [InlineData("99999999999999999999")]
    [InlineData("2100000000000001")]
    public async Task Bad_amounts_are_refused_in_either_form(string amount)
    {
        using var key = KeyPair.Generate();
        var signed = Transfer(key, key.Address, 1, 0);
        var seedForm = Json($$"""{"sender":"x","recipient":"{{key.Address}}","amount":{{amount}}}""");
        var signedForm = Json($$"""
            {"sender_public_key":"{{signed.Sender}}","recipient":"{{key.Address}}","amount":{{amount}},"fee":10000,"nonce":0,"signature":"{{signed.Signature}}"}
            """);

        await ProblemAsync(await Client.PostAsync("/transactions/new", seedForm), HttpStatusCode.BadRequest, "amount");
        await ProblemAsync(await Client.PostAsync("/transactions/new", signedForm), HttpStatusCode.BadRequest, "amount");
    }

    [Fact]
    public async Task A_signed_transfer_is_accepted_and_mined()
    {
        using var miner = KeyPair.Generate();
        using var payee = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);
        await Client.GetAsync($"/nodes/{a}/mine");
        var transfer = Transfer(miner, payee.Address, 5 * Amount.UnitsPerCoin, 0);

        var response = await Client.PostAsJsonAsync($"/nodes/{a}/transactions/new", Compact(transfer));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await BodyAsync(response);
        Assert.Equal("Transaction will be added to Block 2", (string?)body["message"]);
        Assert.Equal(transfer.Id.ToString(), (string?)body["txid"]);
        var mined = await BodyAsync(await Client.GetAsync($"/nodes/{a}/mine"));
        Assert.Equal(2, (long)mined["index"]!);
        Assert.Contains(mined["transactions"]!.AsArray(), t => (string?)t!["txid"] == transfer.Id.ToString());
        var account = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/accounts/{payee.Address}"));
        Assert.Equal(5 * Amount.UnitsPerCoin, (long)account["balance"]!);
    }

    [Fact]
    public async Task A_forged_signature_is_refused_with_the_mempools_reason_and_changes_nothing()
    {
        using var miner = KeyPair.Generate();
        using var thief = KeyPair.Generate();
        var a = await fixture.CreateNodeAsync(miner);
        await Client.GetAsync($"/nodes/{a}/mine");
        var before = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}"));
        var honest = Transfer(miner, thief.Address, 1_000, 0);
        var other = Transfer(miner, thief.Address, 2_000, 0);
        var forged = new JsonObject
        {
            ["sender_public_key"] = honest.Sender.ToString(),
            ["recipient"] = thief.Address.ToString(),
            ["amount"] = 1_000_000_000,
            ["fee"] = 10_000,
            ["nonce"] = 0,
            ["signature"] = other.Signature.ToString(),
        };

        var response = await Client.PostAsync($"/nodes/{a}/transactions/new", Json(forged.ToJsonString()));

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "signature");
        Assert.Equal("BadSignature", (string?)problem["reason"]);
        var after = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}"));
        Assert.Equal((int)before["pendingTransactions"]!, (int)after["pendingTransactions"]!);
        var account = await BodyAsync(await Client.GetAsync($"/api/nodes/{a}/accounts/{thief.Address}"));
        Assert.Equal(0, (long)account["balance"]!);
    }

    [Theory]
    [InlineData("{\"sender\":")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_naming_the_body(string body)
    {
        var response = await Client.PostAsync("/transactions/new", Json(body));

        await ProblemAsync(response, HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task An_unknown_node_is_a_404()
    {
        await ProblemAsync(await Client.GetAsync("/nodes/nobody-here/chain"), HttpStatusCode.NotFound, "name");
        await ProblemAsync(await Client.GetAsync("/nodes/nobody-here/mine"), HttpStatusCode.NotFound, "name");
        await ProblemAsync(await Client.GetAsync("/nodes/nobody-here/nodes/resolve"), HttpStatusCode.NotFound, "name");
        await ProblemAsync(await Client.PostAsync("/nodes/nobody-here/transactions/new", Json("{}")), HttpStatusCode.NotFound, "name");
        await ProblemAsync(await Client.GetAsync("/nodes/bad%20name/chain"), HttpStatusCode.BadRequest, "name");
        await ProblemAsync(await Client.GetAsync("/nodes/somebody/no-such-route"), HttpStatusCode.NotFound, "path");
        await ProblemAsync(await Client.GetAsync("/api/no/such/route"), HttpStatusCode.NotFound, "path");
    }

    [Fact]
    public async Task An_oversized_body_is_a_413()
    {
        var huge = "{\"nodes\":[\"" + new string('a', 2 * 1024 * 1024) + "\"]}";

        await ProblemAsync(await Client.PostAsync("/nodes/register", Json(huge)), HttpStatusCode.RequestEntityTooLarge, "body");
        using var streamed = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        streamed.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/transactions/new") { Content = streamed };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "body");
    }
}
