using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Mining;

/// <summary>Block templates with real signed transfers, built the way the template builder will build them.</summary>
internal static class MiningTemplates
{
    public const uint ChainId = 9;

    public static BlockTemplate Create(uint bits, int transfers = 3, ulong height = 1, ulong extraNonce = 0, byte minerTag = 1)
    {
        var miner = new Address(Enumerable.Repeat(minerTag, Address.Size).ToArray());
        var coinbase = Transaction.CreateCoinbase(ChainId, miner, new Amount(50 * Amount.UnitsPerCoin), height, extraNonce);
        var others = ImmutableArray.CreateBuilder<Transaction>(transfers);
        using (var sender = KeyPair.Generate())
        {
            for (var i = 0; i < transfers; i++)
            {
                var transfer = Transaction.CreateTransfer(ChainId, sender.PublicKey, miner, new Amount(1_000 + i), new Amount(10), (ulong)i);
                others.Add(TransactionSigner.Sign(transfer, sender));
            }
        }
        var header = new BlockHeader(1, Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000ab"),
            Hash256.Zero, 1_700_000_000, bits, 0);
        var template = new BlockTemplate(header, coinbase, others.MoveToImmutable());
        return template with { Header = template.ToBlock(coinbase, 0).Header };
    }
}
