using System.Diagnostics;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Xunit.Abstractions;
using static GrainChain.Grains.Tests.Network.NetworkProbe;

namespace GrainChain.Grains.Tests.Network;

/// <summary>
/// Ten nodes on a ring with chords, four of them mining at once so their chains fork: once mining stops, every node
/// must end on the same tip, the one with the most work, with every coin and every transfer accounted for.
/// </summary>
[Collection(NodeClusterCollection.Name)]
public sealed class RingConvergenceTests(NodeClusterFixture fixture, ITestOutputHelper output)
{
    private const int Count = 10;
    private static readonly int[] Miners = [0, 2, 5, 7];
    private static readonly TimeSpan GossipBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ResolveBound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Concurrent_miners_on_a_ring_with_chords_converge_on_the_most_work_and_lose_no_coin_or_transfer()
    {
        var clock = Stopwatch.StartNew();
        var keys = Enumerable.Range(0, Count).Select(_ => KeyPair.Generate()).ToList();
        using var friend = KeyPair.Generate();
        try
        {
            var nodes = await CreateNodesAsync(fixture.Client, "ring", keys);
            string Name(int i) => nodes[((i % Count) + Count) % Count].GetPrimaryKeyString();

            // Node i follows i±1 and i±3: a ring with chords, every link both ways.
            await Task.WhenAll(Enumerable.Range(0, Count).Select(async i =>
            {
                foreach (var offset in new[] { 1, 3, -1, -3 }) await nodes[i].AddPeerAsync(Name(i + offset));
            }));
            foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
            {
                var peers = await node.GetPeersAsync();
                Assert.True(peers.Count == 4, $"{Name(i)} follows [{string.Join(", ", peers)}], expected its 4 neighbours");
            }

            // A common start: each miner earns one block that every node has, so each can pay from it on any branch.
            foreach (var m in Miners)
            {
                var block = (await nodes[m].MineAsync(1)).Single();
                await AwaitTipAsync(nodes, block.Hash, GossipBound, $"the common block {block.Height} mined by {Name(m)}");
            }

            output.WriteLine($"ring built and funded in {clock.ElapsedMilliseconds} ms");

            // Transfers between miners (and to a friend), each to a node that is not mining, while the miners mine.
            // Miner 0 pays twice through the same node, the second transfer following the first's nonce.
            Transaction[][] plan =
            [
                [Transfer(keys[0], keys[2].Address, 1, 0), Transfer(keys[2], friend.Address, 2, 0)],
                [Transfer(keys[5], keys[7].Address, 3, 0), Transfer(keys[0], friend.Address, 1, 1)],
                [Transfer(keys[7], keys[0].Address, 4, 0)],
            ];
            int[][] submitTo = [[1, 4], [6, 1], [9]];
            var transfers = new List<(Transaction Tx, int Node)>();
            var mined = new List<MinedBlock>();
            for (var round = 0; round < plan.Length; round++)
            {
                var r = round;
                var mining = Task.WhenAll(Miners.Select((m, k) => nodes[m].MineAsync(1 + ((k + r) % 3))));
                for (var t = 0; t < plan[round].Length; t++)
                {
                    var (tx, at) = (plan[round][t], submitTo[round][t]);
                    var submission = await nodes[at].SubmitTransactionAsync(tx);
                    Assert.True(submission.Accepted,
                        $"round {round}: {Name(at)} refused transfer {Short(tx.Id)} (nonce {tx.Nonce}): {submission.Reason}: {submission.Message}");
                    transfers.Add((tx, at));
                }

                foreach (var blocks in await mining) mined.AddRange(blocks);
            }

            // Mining has stopped: no chain with more work than the best tip now held can appear. Each miner is still on
            // its last block or on something heavier, so this snapshot holds every candidate tip.
            var afterMining = await StatusesAsync(nodes);
            var most = afterMining.Max(Work);
            output.WriteLine($"mined {mined.Count} blocks in {plan.Length} rounds by {Miners.Length} miners; at the stop:{Describe(afterMining)}");

            var agreed = await AwaitWorkAsync(nodes, most, output, GossipBound, ResolveBound);
            var tied = agreed.Select(s => s.TipHash).Distinct().ToList();
            if (tied.Count > 1)
            {
                // Equal work: each node keeps the tip it saw first, by design. One more block ends the tie.
                output.WriteLine($"{tied.Count} tips share the most work ({string.Join(", ", tied.Select(Short))}); one more block breaks the tie");
                var breaker = (await nodes[Miners[0]].MineAsync(1)).Single();
                mined.Add(breaker);
                most = Work(await nodes[Miners[0]].GetStatusAsync());
                agreed = await AwaitWorkAsync(nodes, most, output, GossipBound, ResolveBound);
            }

            var tip = agreed[0].TipHash;
            Assert.True(agreed.All(s => s.TipHash == tip), $"the nodes have equal work but different tips:{Describe(agreed)}");
            Assert.Equal(most, Work(agreed[0]));
            // The test profile never retargets, so every block weighs the same and the most work is the highest block.
            var highest = mined.Max(b => b.Height);
            Assert.True(agreed[0].Height == highest, $"the network agreed on height {agreed[0].Height}, the highest block mined is at {highest}");
            Assert.Contains(tip, mined.Where(b => b.Height == highest).Select(b => b.Hash));
            Assert.True(agreed.All(s => s.BannedPeers.IsEmpty), $"an honest network banned a peer:{Describe(agreed)}");

            var chain = await ChainAsync(nodes[0]);
            foreach (var node in nodes.Skip(1))
                Assert.Equal(chain.Select(b => b.Hash), (await ChainAsync(node)).Select(b => b.Hash));
            var onChain = chain.Select(b => b.Hash).ToHashSet();
            output.WriteLine($"converged on {Short(tip)} at height {chain.Count - 1} after {clock.ElapsedMilliseconds} ms; " +
                $"{mined.Count(b => !onChain.Contains(b.Hash))} of {mined.Count} mined blocks were left on forks");

            var holders = keys.Select(k => k.Address).Append(friend.Address).ToList();
            var supply = await AssertCoinsConservedAsync(nodes, chain, holders);

            // No transfer lost: each is mined once on the agreed chain, or still waits on the node it was given to.
            foreach (var (tx, at) in transfers)
            {
                var times = Occurrences(chain, tx.Id);
                Assert.True(times <= 1, $"transfer {Short(tx.Id)} is mined {times} times on the agreed chain");
                if (times == 1) continue;
                var pending = await nodes[at].GetTransactionAsync(tx.Id);
                var status = await nodes[at].GetStatusAsync();
                Assert.True(pending is not null,
                    $"transfer {Short(tx.Id)} (nonce {tx.Nonce}) submitted to {Name(at)} is neither on the agreed chain nor pending there " +
                    $"({status.PendingTransactions} pending)");
            }

            var waiting = transfers.Where(t => Occurrences(chain, t.Tx.Id) == 0).ToList();
            output.WriteLine($"{transfers.Count - waiting.Count} of {transfers.Count} transfers mined, {supply} in supply, " +
                $"{waiting.Count} pending on [{string.Join(", ", waiting.Select(w => Name(w.Node)))}]");

            // Whatever still waits is mined by the node it was given to, and then the network agrees on it too.
            foreach (var at in waiting.Select(w => w.Node).Distinct())
            {
                if (waiting.Where(w => w.Node == at).All(w => Occurrences(chain, w.Tx.Id) == 1)) continue;
                var block = (await nodes[at].MineAsync(1)).Single();
                await AwaitTipAsync(nodes, block.Hash, GossipBound, $"the block {Name(at)} mined for its pending transfers");
                chain = await ChainAsync(nodes[at]);
            }

            foreach (var (tx, at) in transfers)
                Assert.True(Occurrences(chain, tx.Id) == 1,
                    $"transfer {Short(tx.Id)} submitted to {Name(at)} is mined {Occurrences(chain, tx.Id)} times on the final chain");
            await AssertCoinsConservedAsync(nodes, chain, holders);
            foreach (var node in nodes)
            {
                Assert.Equal(new Amount(3 * Amount.UnitsPerCoin), (await node.GetAccountAsync(friend.Address)).Balance);
                Assert.Equal(2UL, (await node.GetAccountAsync(keys[0].Address)).NextNonce);
            }

            output.WriteLine($"done in {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (var key in keys) key.Dispose();
        }
    }
}
