using System.Collections.Immutable;
using System.Text.Json.Nodes;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Json;

/// <summary>Valid transactions and blocks, and their JSON as mutable nodes, for the JSON tests.</summary>
internal static class JsonSamples
{
    public static Transaction Transfer(KeyPair key, ulong nonce = 3) => TransactionSigner.Sign(
        Transaction.CreateTransfer(11, key.PublicKey, new Address(Enumerable.Repeat((byte)0xab, 20).ToArray()),
            new Amount(123_456_789), new Amount(1_000), nonce), key);

    public static Transaction Coinbase(ulong height = 42) =>
        Transaction.CreateCoinbase(11, new Address(Enumerable.Repeat((byte)0x5c, 20).ToArray()), new Amount(50 * Amount.UnitsPerCoin), height, extraNonce: ulong.MaxValue);

    public static Block Block(KeyPair key, int transfers)
    {
        var transactions = ImmutableArray.CreateBuilder<Transaction>();
        transactions.Add(Coinbase());
        for (var i = 0; i < transfers; i++) transactions.Add(Transfer(key, (ulong)i));
        var header = new BlockHeader(2, Hash256.Parse(new string('0', 60) + "beef"), MerkleTree.ComputeRoot(transactions), 1_700_000_000, 0x1d00ffff, 0xdeadbeef);
        return new Block(header, transactions.ToImmutable());
    }

    public static JsonObject Node(Transaction tx) => JsonNode.Parse(LedgerJson.ToJson(tx))!.AsObject();
    public static JsonObject Node(Block block) => JsonNode.Parse(LedgerJson.ToJson(block))!.AsObject();
}
