using System.Text.Json;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Json;

public sealed class LedgerJsonRoundTripTests : IDisposable
{
    private readonly KeyPair _key = KeyPair.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void A_transfer_round_trips_with_its_txid_and_signature()
    {
        var tx = JsonSamples.Transfer(_key);
        var json = LedgerJson.ToJson(tx);
        var back = LedgerJson.ReadTransaction(json);

        Assert.Equal(tx.Id, back.Id);
        Assert.Equal(tx.ToArray(), back.ToArray());
        Assert.True(TransactionSigner.Verify(back));
        Assert.Equal(json, LedgerJson.ToJson(back));
    }

    [Fact]
    public void A_transfer_is_written_in_the_canonical_shape()
    {
        var tx = JsonSamples.Transfer(_key);
        using var document = JsonDocument.Parse(LedgerJson.ToJson(tx));
        var root = document.RootElement;

        Assert.Equal(
            ["txid", "kind", "chainId", "sender", "senderAddress", "recipient", "amount", "fee", "nonce", "signature"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(tx.Id.ToString(), root.GetProperty("txid").GetString());
        Assert.Equal("transfer", root.GetProperty("kind").GetString());
        Assert.Equal(11u, root.GetProperty("chainId").GetUInt32());
        Assert.Equal(Convert.ToHexStringLower(_key.PublicKey.Span), root.GetProperty("sender").GetString());
        Assert.Equal(Convert.ToHexStringLower(_key.Address.ToArray()), root.GetProperty("senderAddress").GetString());
        Assert.Equal(string.Concat(Enumerable.Repeat("ab", 20)), root.GetProperty("recipient").GetString());
        Assert.Equal(123_456_789, root.GetProperty("amount").GetInt64());
        Assert.Equal(1_000, root.GetProperty("fee").GetInt64());
        Assert.Equal(3ul, root.GetProperty("nonce").GetUInt64());
        Assert.Equal(Convert.ToHexStringLower(tx.Signature.Span), root.GetProperty("signature").GetString());
    }

    [Fact]
    public void A_coinbase_round_trips_and_carries_height_and_extra_nonce()
    {
        var coinbase = JsonSamples.Coinbase(height: 77);
        var json = LedgerJson.ToJson(coinbase);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(["txid", "kind", "chainId", "recipient", "amount", "height", "extraNonce"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("coinbase", root.GetProperty("kind").GetString());
        Assert.Equal(77ul, root.GetProperty("height").GetUInt64());
        Assert.Equal(ulong.MaxValue, root.GetProperty("extraNonce").GetUInt64());
        Assert.Equal(coinbase.Id, LedgerJson.ReadTransaction(json).Id);
    }

    [Fact]
    public void The_bitcoin_genesis_header_is_shown_as_bitcoin_shows_it()
    {
        var genesis = ChainParams.BitcoinMain.GenesisHeader;
        using var document = JsonDocument.Parse(LedgerJson.ToJson(genesis));
        var root = document.RootElement;

        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", root.GetProperty("hash").GetString());
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", root.GetProperty("merkleRoot").GetString());
        Assert.Equal(new string('0', 64), root.GetProperty("previousHash").GetString());
        Assert.Equal("1d00ffff", root.GetProperty("bits").GetString());
        Assert.Equal(1231006505u, root.GetProperty("time").GetUInt32());
        Assert.Equal(2083236893u, root.GetProperty("nonce").GetUInt32());
        Assert.Equal(genesis, LedgerJson.ReadBlockHeader(LedgerJson.ToJson(genesis)));
    }

    [Fact]
    public void A_block_round_trips_with_its_hash_and_every_txid()
    {
        var block = JsonSamples.Block(_key, transfers: 5);
        var json = LedgerJson.ToUtf8Json(block);
        var back = LedgerJson.ReadBlock(json, maxTransactions: 10);

        Assert.Equal(block.Hash, back.Hash);
        Assert.Equal(block.Transactions.Select(t => t.Id), back.Transactions.Select(t => t.Id));
        Assert.Equal(block.ToArray(), back.ToArray());
        Assert.Equal(block.Header.MerkleRoot, back.ComputeMerkleRoot());
        Assert.Equal(json, LedgerJson.ToUtf8Json(back));
    }

    [Fact]
    public void Indented_output_reads_back_the_same()
    {
        var block = JsonSamples.Block(_key, transfers: 2);
        var indented = LedgerJson.ToJson(block, indented: true);

        Assert.Contains('\n', indented);
        Assert.Equal(block.Hash, LedgerJson.ReadBlock(indented, 10).Hash);
    }

    [Fact]
    public void Informative_fields_may_be_left_out_and_upper_case_hex_is_accepted()
    {
        var tx = JsonSamples.Transfer(_key);
        var node = JsonSamples.Node(tx);
        node.Remove("txid");
        node.Remove("senderAddress");
        node["signature"] = node["signature"]!.GetValue<string>().ToUpperInvariant();

        Assert.Equal(tx.Id, LedgerJson.ReadTransaction(node.ToJsonString()).Id);
    }

    [Fact]
    public void An_unsigned_transfer_is_written_without_txid_and_signature_and_cannot_be_read_back()
    {
        var unsigned = Transaction.CreateTransfer(1, _key.PublicKey, _key.Address, new Primitives.Amount(1), new Primitives.Amount(1), 0);
        using var document = JsonDocument.Parse(LedgerJson.ToJson(unsigned));

        Assert.False(document.RootElement.TryGetProperty("txid", out _));
        Assert.False(document.RootElement.TryGetProperty("signature", out _));
        Assert.Equal("transaction.signature", Assert.Throws<Encoding.LedgerDecodeException>(() => LedgerJson.ReadTransaction(LedgerJson.ToJson(unsigned))).Field);
    }

    [Fact]
    public void The_serializer_converters_give_the_same_shape()
    {
        var options = LedgerJson.CreateSerializerOptions(maxTransactions: 10);
        var block = JsonSamples.Block(_key, transfers: 3);

        var json = JsonSerializer.Serialize(block, options);
        Assert.Equal(LedgerJson.ToJson(block), json);
        Assert.Equal(block.Hash, JsonSerializer.Deserialize<Block>(json, options)!.Hash);
        var tx = block.Transactions[1];
        Assert.Equal(tx.Id, JsonSerializer.Deserialize<Transaction>(JsonSerializer.Serialize(tx, options), options)!.Id);
        Assert.Equal(block.Header, JsonSerializer.Deserialize<BlockHeader>(JsonSerializer.Serialize(block.Header, options), options));
        var bad = LedgerJson.ToJson(tx).Replace("\"fee\":1000", "\"fee\":-1", StringComparison.Ordinal);
        Assert.Equal("transaction.fee", Assert.Throws<Encoding.LedgerDecodeException>(() => JsonSerializer.Deserialize<Transaction>(bad, options)).Field);
    }
}
