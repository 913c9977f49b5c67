using System.Diagnostics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;
using Xunit.Abstractions;
using static GrainChain.Grains.Tests.Network.NetworkProbe;

namespace GrainChain.Grains.Tests.Network;

/// <summary>
/// Two halves of three nodes, split and mined apart, then joined again: the lighter half takes the heavier half's
/// chain, and the transfer it had mined, which the winning branch lacks, is pending again and then mined for good.
/// </summary>
[Collection(NodeClusterCollection.Name)]
public sealed class PartitionHealTests(NodeClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // Nodes 0-2 are the heavier half, 3-5 the lighter; node i + 3 is node i's link across.
    private static readonly int[] Heavier = [0, 1, 2];
    private static readonly int[] Lighter = [3, 4, 5];
    private const int Sender = 3;    // earns the common blocks, so its coins are on both branches
    private const int SubmitTo = 4;  // takes the transfer and mines it, during the partition

    /// <param name="finisher">
    /// Which node mines the block after the heal: the one the transfer was submitted to, or a node of the heavier
    /// half, which never saw the transfer before the heal ("any node" must be able to mine it).
    /// </param>
    [Theory]
    [InlineData(SubmitTo)]
    [InlineData(0)]
    public async Task A_healed_partition_reorganises_the_lighter_half_and_its_mined_transfer_is_mined_again(int finisher)
    {
        var clock = Stopwatch.StartNew();
        var keys = Enumerable.Range(0, 6).Select(_ => KeyPair.Generate()).ToList();
        using var friend = KeyPair.Generate();
        try
        {
            var nodes = await CreateNodesAsync(fixture.Client, "split", keys);
            string Name(int i) => nodes[i].GetPrimaryKeyString();
            List<INodeGrain> Half(int[] half) => [.. half.Select(i => nodes[i])];

            foreach (var half in new[] { Heavier, Lighter })
            {
                await LinkAsync(nodes[half[0]], nodes[half[1]]);
                await LinkAsync(nodes[half[0]], nodes[half[2]]);
                await LinkAsync(nodes[half[1]], nodes[half[2]]);
            }

            foreach (var i in Heavier) await LinkAsync(nodes[i], nodes[i + 3]);

            // The common chain: the sender's two blocks reach both halves.
            var common = (await nodes[Sender].MineAsync(2)).Last();
            await AwaitTipAsync(nodes, common.Hash, Bound, "the common chain");

            // Partition.
            foreach (var i in Heavier) await UnlinkAsync(nodes[i], nodes[i + 3]);
            var transfer = Transfer(keys[Sender], friend.Address, 5, 0);
            var submission = await nodes[SubmitTo].SubmitTransactionAsync(transfer);
            Assert.True(submission.Accepted, $"{Name(SubmitTo)} refused the transfer: {submission.Reason}: {submission.Message}");
            var mining = await Task.WhenAll(nodes[1].MineAsync(4), nodes[SubmitTo].MineAsync(2));
            var (heavyTip, lightTip) = (mining[0].Last(), mining[1].Last());
            Assert.True(mining[1][0].Transactions == 2,
                $"{Name(SubmitTo)} mined {mining[1][0].Transactions} transactions in its first block after the split, expected its coinbase and the transfer");
            var heavy = await AwaitTipAsync(Half(Heavier), heavyTip.Hash, Bound, "the heavier half while split");
            var light = await AwaitTipAsync(Half(Lighter), lightTip.Hash, Bound, "the lighter half while split");
            Assert.True(Work(heavy[0]) > Work(light[0]), $"the heavier half should have more work:{Describe(heavy)}{Describe(light)}");
            foreach (var i in Lighter)
            {
                Assert.Equal(new Amount(5 * Amount.UnitsPerCoin), (await nodes[i].GetAccountAsync(friend.Address)).Balance);
                Assert.Equal(0, (await nodes[i].GetStatusAsync()).PendingTransactions);
            }

            foreach (var i in Heavier)
            {
                Assert.Equal(Amount.Zero, (await nodes[i].GetAccountAsync(friend.Address)).Balance);
                Assert.Null(await nodes[i].GetTransactionAsync(transfer.Id));
            }

            output.WriteLine($"split after {clock.ElapsedMilliseconds} ms: heavier {Short(heavyTip.Hash)} at {heavyTip.Height}, lighter {Short(lightTip.Hash)} at {lightTip.Height}");

            // Heal: the links again, and one resolve each.
            foreach (var i in Heavier) await LinkAsync(nodes[i], nodes[i + 3]);
            var resolved = await Task.WhenAll(nodes.Select(n => n.ResolveAsync()));
            for (var i = 0; i < nodes.Count; i++) output.WriteLine($"resolve {Name(i)}: {Describe(resolved[i])}");
            var healed = await AwaitTipAsync(nodes, heavyTip.Hash, Bound, "after the heal");
            Assert.True(healed.All(s => s.BannedPeers.IsEmpty), $"an honest network banned a peer:{Describe(healed)}");
            output.WriteLine($"healed after {clock.ElapsedMilliseconds} ms:{Describe(healed)}");

            // The lighter half dropped its branch, and with it the transfer's block: the transfer waits again there.
            foreach (var i in Lighter)
            {
                Assert.Equal(Amount.Zero, (await nodes[i].GetAccountAsync(friend.Address)).Balance);
                var status = await nodes[i].GetStatusAsync();
                Assert.True(status.PendingTransactions == 1 && await nodes[i].GetTransactionAsync(transfer.Id) is not null,
                    $"after reorganising, {Name(i)} should hold the transfer {Short(transfer.Id)} as pending again; it has {status.PendingTransactions} pending" +
                    Describe(healed));
            }

            var sender = await nodes[0].GetAccountAsync(keys[Sender].Address);
            Assert.True(sender.NextNonce == 0 && sender.Balance > transfer.Amount + transfer.Fee,
                $"on the winning branch the sender should still afford the transfer: balance {sender.Balance}, next nonce {sender.NextNonce}");

            // One more block, by the finisher: it must hold the transfer, and then every node has it on its chain.
            var ready = await Poll.UntilAsync(nodes[finisher].GetStatusAsync, s => s.PendingTransactions == 1, Bound);
            Assert.True(ready is not null && await nodes[finisher].GetTransactionAsync(transfer.Id) is not null,
                $"the transfer {Short(transfer.Id)}, pending again on the lighter half, did not reach {Name(finisher)}'s mempool within " +
                $"{Bound.TotalSeconds} s of the heal; the nodes were left at:{Describe(await StatusesAsync(nodes))}");
            var last = (await nodes[finisher].MineAsync(1)).Single();
            Assert.True(last.Transactions == 2, $"{Name(finisher)} mined {last.Transactions} transactions, expected its coinbase and the transfer");
            var final = await AwaitTipAsync(nodes, last.Hash, Bound, $"the block {Name(finisher)} mined after the heal");

            var chain = await ChainAsync(nodes[0]);
            for (var i = 0; i < nodes.Count; i++)
            {
                var mine = await ChainAsync(nodes[i]);
                Assert.True(Occurrences(mine, transfer.Id) == 1, $"{Name(i)}'s chain holds the transfer {Occurrences(mine, transfer.Id)} times");
                Assert.Equal(new Amount(5 * Amount.UnitsPerCoin), (await nodes[i].GetAccountAsync(friend.Address)).Balance);
                Assert.True(final[i].PendingTransactions == 0, $"{Name(i)} still has {final[i].PendingTransactions} pending once the transfer is mined");
            }

            await AssertCoinsConservedAsync(nodes, chain, keys.Select(k => k.Address).Append(friend.Address));
            output.WriteLine($"done in {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (var key in keys) key.Dispose();
        }
    }
}
