using System.Diagnostics;
using System.Globalization;
using System.Text;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// Funded senders and their pre-signed transfers for one load run on one fresh node: S sender keys, each funded by a
/// transfer from the node's miner, then R transfers per sender with nonces 0 to R−1, each already the exact request
/// body (the compact signed form of <c>/transactions/new</c>). <see cref="Bodies"/>[s][r] is sender s's nonce r.
/// </summary>
public sealed class HttpTransferPlan
{
    /// <summary>The mempool's default limit on one sender's pending transfers (<c>MempoolOptions.MaxPendingPerSender</c>).</summary>
    public const int MaxPendingPerSender = 64;

    private HttpTransferPlan(string node, byte[][][] bodies)
    {
        Node = node;
        Bodies = bodies;
    }

    public string Node { get; }

    public byte[][][] Bodies { get; }

    public int Count(int fromRound, int toRound) => Bodies.Sum(b => Math.Max(0, Math.Min(b.Length, toRound) - fromRound));

    /// <summary>Creates node <paramref name="node"/>, funds <paramref name="senders"/> senders and signs their transfers.</summary>
    public static async Task<HttpTransferPlan> PrepareAsync(GatewayClient gateway, string node, int senders, int total, int warmupRounds)
    {
        var clock = Stopwatch.StartNew();
        using var funder = KeyPair.Generate();
        await gateway.CreateNodeAsync(node, funder.Address);
        await gateway.MineAsync(node, 2);
        var keys = new KeyPair[senders];
        try
        {
            for (var s = 0; s < senders; s++) keys[s] = KeyPair.Generate();
            var perSender = HttpLoadOptions.PerSender(total, senders);
            // Each sender pays 1 unit and a 1-unit fee per transfer; a little spare for good measure.
            var funding = (perSender + warmupRounds) * 2L + 10;
            var chainId = ChainParams.Test.ChainId;
            var (_, nonce) = await gateway.AccountAsync(node, funder.Address);
            for (var s = 0; s < senders; s++)
            {
                var transfer = TransactionSigner.Sign(
                    Transaction.CreateTransfer(chainId, funder.PublicKey, keys[s].Address, new Amount(funding), new Amount(1), nonce++), funder);
                await gateway.SubmitAsync(node, Body(transfer));
                // The funder is one sender too: mine before it reaches its limit of pending transfers.
                if ((s + 1) % (MaxPendingPerSender - 4) == 0) await gateway.MineAsync(node, 1);
            }

            await gateway.MineAsync(node, 1);
            var (balance, _) = await gateway.AccountAsync(node, keys[^1].Address);
            if (balance != funding) throw new InvalidOperationException($"the last sender holds {balance} units after funding, not {funding}");
            var funded = clock.Elapsed;

            // Measured rounds come after the warm-up rounds: sender s sends nonces 0.. in order.
            var rounds = new int[senders];
            for (var s = 0; s < senders; s++) rounds[s] = warmupRounds + perSender - (s < perSender * senders - total ? 1 : 0);
            var recipient = funder.Address;
            var bodies = new byte[senders][][];
            Parallel.For(0, senders, s =>
            {
                bodies[s] = new byte[rounds[s]][];
                for (var r = 0; r < rounds[s]; r++)
                {
                    var transfer = TransactionSigner.Sign(
                        Transaction.CreateTransfer(chainId, keys[s].PublicKey, recipient, new Amount(1), new Amount(1), (ulong)r), keys[s]);
                    bodies[s][r] = Body(transfer);
                }
            });
            var plan = new HttpTransferPlan(node, bodies);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  node {node}: {senders} senders funded in {funded.TotalSeconds:F1} s; {plan.Count(0, int.MaxValue)} transfers signed in {(clock.Elapsed - funded).TotalSeconds:F1} s"));
            return plan;
        }
        finally
        {
            foreach (var key in keys) key?.Dispose();
        }
    }

    /// <summary>The compact signed form <c>/transactions/new</c> accepts, as UTF-8 bytes.</summary>
    public static byte[] Body(Transaction transfer) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"sender_public_key\":\"{transfer.Sender}\",\"recipient\":\"{transfer.Recipient}\",\"amount\":{transfer.Amount.Units}," +
            $"\"fee\":{transfer.Fee.Units},\"nonce\":{transfer.Nonce},\"signature\":\"{transfer.Signature}\"}}"));
}
