using System.Diagnostics;
using System.Globalization;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Chain;

/// <summary>
/// The <c>chainmemory</c> load program: what one more node costs when it follows a chain of <c>--blocks</c> blocks
/// (<c>--transfers</c> transfers each) that a first node already accepted. A leader accepts the chain (timed: full
/// validation), then <c>--nodes</c> followers are created and caught up from genesis; the managed heap after a full
/// collection is read before and after, with the followers alive. Run once with a private tree per node (as before
/// <see cref="BlockTree"/>) and once with every node on the leader's tree.
/// </summary>
public static class NodeMemoryLoad
{
    private const int Keys = 20;

    public static int Run(string[] args)
    {
        var blocks = 10_000;
        var nodes = 100;
        var privateNodes = 10;
        var transfers = 2;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--blocks": blocks = value; break;
                case "--nodes": nodes = value; break;
                case "--private-nodes": privateNodes = value; break;
                case "--transfers": transfers = value; break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; options: --blocks --nodes --private-nodes --transfers");
                    return 2;
            }
        }

        var chain = ChainParams.Test;
        var keys = Enumerable.Range(0, Keys).Select(_ => KeyPair.Generate()).ToArray();
        var built = Build(chain, keys, blocks, transfers);
        Console.WriteLine($"chainmemory: {blocks:N0} blocks of {transfers} transfers, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"{"trees",-10}{"nodes",7}{"leader blocks/s",17}{"follow blocks/s",17}{"bytes/node",14}{"bytes/node/block",18}");

        // A verifier per run, so that each leader checks every signature once.
        var clock = BenchChainBuilder.ClockFor(chain);
        using (var signatures = new SignatureVerifier())
            Measure("private", privateNodes, built, store => new ChainState(chain, store, signatures, clock),
                (store, _) => new ChainState(chain, store, signatures, clock));
        using (var signatures = new SignatureVerifier())
            Measure("shared", nodes, built, store => new ChainState(new BlockTree(chain, store, signatures, clock)),
                (_, leader) => new ChainState(leader.Tree));

        foreach (var key in keys) key.Dispose();
        return 0;
    }

    private static void Measure(string label, int count, List<Block> blocks,
        Func<IBlockStore, ChainState> newLeader, Func<IBlockStore, ChainState, ChainState> newFollower)
    {
        var store = new InMemoryBlockStore(ChainParams.Test);
        var leader = newLeader(store);
        var leaderTime = Stopwatch.StartNew();
        foreach (var block in blocks) Expect(leader.Accept(block).Kind == BlockAcceptanceKind.ExtendedTip, "the leader did not extend");
        leaderTime.Stop();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var followers = new ChainState[count];
        var followTime = Stopwatch.StartNew();
        for (var n = 0; n < count; n++)
        {
            followers[n] = newFollower(store, leader);
            foreach (var block in blocks) followers[n].Accept(block);
            Expect(followers[n].Tip.Hash == leader.Tip.Hash, "a follower did not reach the leader's tip");
        }
        followTime.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(followers);
        GC.KeepAlive(leader);

        var perNode = (after - before) / (double)Math.Max(1, count);
        Console.WriteLine($"{label,-10}{count,7}{blocks.Count / leaderTime.Elapsed.TotalSeconds,17:N0}" +
                          $"{(double)blocks.Count * count / followTime.Elapsed.TotalSeconds,17:N0}{perNode,14:N0}{perNode / blocks.Count,18:N1}");
    }

    // Funds every key, then cycles transfers among them so each block changes a few accounts.
    private static List<Block> Build(ChainParams chain, KeyPair[] keys, int count, int transfersPerBlock)
    {
        var builder = new BenchChainBuilder(chain);
        var nonces = new ulong[keys.Length];
        var blocks = new List<Block>(count);
        var tip = GenesisBlock.Create(chain);
        for (var height = 1; height <= count; height++)
        {
            var transfers = new List<Transaction>();
            if (height > keys.Length)
                for (var t = 0; t < transfersPerBlock; t++)
                {
                    var k = (height * transfersPerBlock + t) % keys.Length;
                    transfers.Add(BenchChainBuilder.Transfer(chain, keys[k], keys[(k + 1) % keys.Length].Address, 1_000, nonces[k]++));
                }
            tip = builder.Next(tip, transfers, keys[(height - 1) % keys.Length].Address);
            blocks.Add(tip);
        }
        return blocks;
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
