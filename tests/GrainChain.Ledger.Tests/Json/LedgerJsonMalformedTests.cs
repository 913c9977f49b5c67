using System.Text.Json.Nodes;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Json;

public sealed class LedgerJsonMalformedTests : IDisposable
{
    private readonly KeyPair _key = KeyPair.Generate();

    public void Dispose() => _key.Dispose();

    private static LedgerDecodeException ReadTransactionFails(string json) =>
        Assert.Throws<LedgerDecodeException>(() => LedgerJson.ReadTransaction(json));

    private static LedgerDecodeException ReadBlockFails(string json, int maxTransactions = 10) =>
        Assert.Throws<LedgerDecodeException>(() => LedgerJson.ReadBlock(json, maxTransactions));

    private static JsonNode Deep(int depth)
    {
        JsonNode node = 1;
        for (var i = 0; i < depth; i++) node = new JsonArray(node);
        return node;
    }

    public static TheoryData<string, string> TransferMutations() => new()
    {
        { "fee=\"10\"", "transaction.fee" },
        { "fee=-1", "transaction.fee" },
        { "fee=1.5", "transaction.fee" },
        { "fee=1e3", "transaction.fee" },
        { "fee=true", "transaction.fee" },
        { "fee=null", "transaction.fee" },
        { "fee=huge", "transaction.fee" },
        { "fee=deep", "transaction.fee" },
        { "amount=too-many-coins", "transaction.amount" },
        { "nonce=-1", "transaction.nonce" },
        { "nonce=2^64", "transaction.nonce" },
        { "chainId=2^32", "transaction.chainId" },
        { "kind=mint", "transaction.kind" },
        { "kind=1", "transaction.kind" },
        { "sender=not-hex", "transaction.sender" },
        { "sender=short", "transaction.sender" },
        { "sender=04-prefix", "transaction.sender" },
        { "sender=long-string", "transaction.sender" },
        { "recipient=short", "transaction.recipient" },
        { "recipient={}", "transaction.recipient" },
        { "signature=odd", "transaction.signature" },
        { "signature=[]", "transaction.signature" },
        { "txid=other", "transaction.txid" },
        { "txid=not-hex", "transaction.txid" },
        { "-fee", "transaction.fee" },
        { "-kind", "transaction.kind" },
        { "-signature", "transaction.signature" },
        { "-sender", "transaction.sender" },
        { "-chainId", "transaction.chainId" },
        { "+memo", "transaction.memo" },
        { "+height", "transaction.height" },
    };

    [Theory]
    [MemberData(nameof(TransferMutations))]
    public void A_bad_transfer_field_is_named(string mutation, string field)
    {
        var node = JsonSamples.Node(JsonSamples.Transfer(_key));
        var name = mutation.TrimStart('-', '+').Split('=')[0];
        if (mutation[0] == '-') node.Remove(name);
        else if (mutation[0] == '+') node[name] = 5;
        else node[name] = Value(mutation.Split('=', 2)[1], node);

        Assert.Equal(field, ReadTransactionFails(node.ToJsonString()).Field);
    }

    private static JsonNode? Value(string spec, JsonObject node) => spec switch
    {
        "huge" => JsonNode.Parse("123456789012345678901234567890"),
        "deep" => Deep(500),
        "too-many-coins" => 2_100_000_000_000_001L,
        "2^64" => JsonNode.Parse("18446744073709551616"),
        "2^32" => 4_294_967_296L,
        "mint" => "mint",
        "not-hex" => "zz" + node["sender"]!.GetValue<string>()[2..],
        "short" => "02abcd",
        "04-prefix" => "04" + node["sender"]!.GetValue<string>()[2..],
        "long-string" => new string('0', 100_000),
        "odd" => node["signature"]!.GetValue<string>()[1..],
        "other" => new string('1', 64),
        "{}" => new JsonObject(),
        "[]" => new JsonArray(),
        _ => JsonNode.Parse(spec),
    };

    [Fact]
    public void A_sender_address_that_does_not_match_the_key_is_named()
    {
        var node = JsonSamples.Node(JsonSamples.Transfer(_key));
        node["senderAddress"] = new string('1', 40);

        Assert.Equal("transaction.senderAddress", ReadTransactionFails(node.ToJsonString()).Field);
    }

    [Theory]
    [InlineData("fee", "transaction.fee")]
    [InlineData("nonce", "transaction.nonce")]
    [InlineData("signature", "transaction.signature")]
    public void Transfer_fields_on_a_coinbase_are_refused(string name, string field)
    {
        var node = JsonSamples.Node(JsonSamples.Coinbase());
        node.Remove("txid");
        node[name] = name == "signature" ? new string('0', 128) : 1;

        Assert.Equal(field, ReadTransactionFails(node.ToJsonString()).Field);
    }

    [Fact]
    public void A_coinbase_without_its_height_is_refused()
    {
        var node = JsonSamples.Node(JsonSamples.Coinbase());
        node.Remove("height");

        Assert.Equal("transaction.height", ReadTransactionFails(node.ToJsonString()).Field);
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var json = LedgerJson.ToJson(JsonSamples.Transfer(_key));
        var doubled = json.Replace("\"fee\":1000", "\"fee\":1000,\"fee\":1", StringComparison.Ordinal);

        Assert.Equal("transaction.fee", ReadTransactionFails(doubled).Field);
    }

    [Theory]
    [InlineData("", "transaction")]
    [InlineData("   ", "transaction")]
    [InlineData("null", "transaction")]
    [InlineData("[]", "transaction")]
    [InlineData("42", "transaction")]
    [InlineData("\"transfer\"", "transaction")]
    [InlineData("{", "transaction")]
    [InlineData("{\"kind\"", "transaction")]
    [InlineData("{\"kind\":", "transaction.kind")]
    [InlineData("{\"kind\":\"transfer\"", "transaction")]
    [InlineData("{\"kind\":\"transfer\",}", "transaction")]
    [InlineData("{/* comment */}", "transaction")]
    [InlineData("{'kind':'coinbase'}", "transaction")]
    [InlineData("{\"kind\":\"coinbase\"}", "transaction.chainId")]
    public void Broken_documents_are_refused(string json, string field) =>
        Assert.Equal(field, ReadTransactionFails(json).Field);

    [Fact]
    public void Deep_nesting_at_the_top_is_refused()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);
        Assert.Equal("transaction", ReadTransactionFails(json).Field);
        Assert.Equal("block", ReadBlockFails(new string('{', 10_000)).Field);
    }

    [Fact]
    public void Content_after_the_value_is_refused()
    {
        var json = LedgerJson.ToJson(JsonSamples.Transfer(_key));

        Assert.Equal("transaction", ReadTransactionFails(json + "x").Field);
        Assert.Equal("transaction", ReadTransactionFails(json + json).Field);
        Assert.Equal(JsonSamples.Transfer(_key).Sender, LedgerJson.ReadTransaction(json + " \n").Sender);
    }

    [Fact]
    public void Every_truncation_of_a_valid_block_fails_with_a_decode_exception()
    {
        var json = LedgerJson.ToUtf8Json(JsonSamples.Block(_key, transfers: 2));
        for (var length = 0; length < json.Length; length++)
        {
            var prefix = json.AsSpan(0, length).ToArray();
            var error = Assert.Throws<LedgerDecodeException>(() => LedgerJson.ReadBlock(prefix, 10));
            Assert.StartsWith("block", error.Field, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_byte_that_is_not_UTF8_anywhere_in_a_transfer_is_refused()
    {
        var json = LedgerJson.ToUtf8Json(JsonSamples.Transfer(_key));
        for (var position = 0; position < json.Length; position++)
        {
            var broken = json.ToArray();
            broken[position] = 0xff;
            Assert.StartsWith("transaction", Assert.Throws<LedgerDecodeException>(() => LedgerJson.ReadTransaction(broken)).Field, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inputs_beyond_the_size_limit_are_refused_before_parsing()
    {
        var limits = new LedgerJsonLimits { MaxInputBytes = 100 };
        var json = LedgerJson.ToJson(JsonSamples.Transfer(_key));

        Assert.Equal("transaction", Assert.Throws<LedgerDecodeException>(() => LedgerJson.ReadTransaction(json, limits)).Field);
    }

    [Fact]
    public void Limits_outside_their_safe_range_are_refused()
    {
        var json = LedgerJson.ToJson(JsonSamples.Coinbase());

        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerJson.ReadTransaction(json, new LedgerJsonLimits { MaxStringLength = 1_000_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerJson.ReadTransaction(json, new LedgerJsonLimits { MaxDepth = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => LedgerJson.ReadBlock(json, maxTransactions: 0));
    }

    [Fact]
    public void A_long_property_name_is_refused_without_echoing_it_whole()
    {
        var name = new string('x', 5_000);
        var error = ReadTransactionFails($"{{\"{name}\":1}}");

        Assert.Equal("transaction", error.Field);
        Assert.True(error.Message.Length < 300);
    }

    public static TheoryData<string, string> HeaderMutations() => new()
    {
        { "bits=\"1d00fff\"", "block.header.bits" },
        { "bits=486604799", "block.header.bits" },
        { "bits=\"1d00ffzz\"", "block.header.bits" },
        { "version=\"1\"", "block.header.version" },
        { "version=2147483648", "block.header.version" },
        { "time=-5", "block.header.time" },
        { "nonce=4294967296", "block.header.nonce" },
        { "merkleRoot=\"00\"", "block.header.merkleRoot" },
        { "hash=\"1111111111111111111111111111111111111111111111111111111111111111\"", "block.header.hash" },
        { "-previousHash", "block.header.previousHash" },
        { "-nonce", "block.header.nonce" },
        { "+extra", "block.header.extra" },
    };

    [Theory]
    [MemberData(nameof(HeaderMutations))]
    public void A_bad_header_field_inside_a_block_is_named(string mutation, string field)
    {
        var node = JsonSamples.Node(JsonSamples.Block(_key, transfers: 1));
        node.Remove("hash");
        var header = node["header"]!.AsObject();
        var name = mutation.TrimStart('-', '+').Split('=')[0];
        if (mutation[0] == '-') header.Remove(name);
        else if (mutation[0] == '+') header[name] = 1;
        else header[name] = JsonNode.Parse(mutation.Split('=', 2)[1]);

        Assert.Equal(field, ReadBlockFails(node.ToJsonString()).Field);
    }

    [Fact]
    public void A_bad_transaction_inside_a_block_is_named_with_its_index()
    {
        var node = JsonSamples.Node(JsonSamples.Block(_key, transfers: 3));
        node["transactions"]![2]!["fee"] = "ten";

        Assert.Equal("block.transactions[2].fee", ReadBlockFails(node.ToJsonString()).Field);
    }

    [Fact]
    public void Block_level_problems_are_named()
    {
        var valid = JsonSamples.Node(JsonSamples.Block(_key, transfers: 3));

        Assert.Equal("block.transactions", ReadBlockFails(valid.ToJsonString(), maxTransactions: 3).Field);

        var empty = valid.DeepClone().AsObject();
        empty.Remove("hash");
        empty["transactions"] = new JsonArray();
        Assert.Equal("block.transactions", ReadBlockFails(empty.ToJsonString()).Field);

        var notArray = valid.DeepClone().AsObject();
        notArray["transactions"] = new JsonObject();
        Assert.Equal("block.transactions", ReadBlockFails(notArray.ToJsonString()).Field);

        var wrongHash = valid.DeepClone().AsObject();
        wrongHash["hash"] = new string('2', 64);
        Assert.Equal("block.hash", ReadBlockFails(wrongHash.ToJsonString()).Field);

        var noHeader = valid.DeepClone().AsObject();
        noHeader.Remove("header");
        Assert.Equal("block.header", ReadBlockFails(noHeader.ToJsonString()).Field);

        var scalarTransaction = valid.DeepClone().AsObject();
        scalarTransaction["transactions"]![1] = 7;
        Assert.Equal("block.transactions[1]", ReadBlockFails(scalarTransaction.ToJsonString()).Field);
    }
}
