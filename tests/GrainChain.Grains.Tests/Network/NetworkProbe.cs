using System.Globalization;
using System.Numerics;
using System.Text;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Xunit.Abstractions;

namespace GrainChain.Grains.Tests.Network;

/// <summary>
/// What the network tests share: building a named set of nodes, reading all their statuses at once, waiting for
/// them to agree, walking a chain page by page, and checking that no coin was made or lost.
/// </summary>
internal static class NetworkProbe
{
    /// <summary>Small on purpose, so a chain of a few dozen blocks is really read in several pages.</summary>
    public const int PageSize = 8;

    public static readonly Amount Fee = new(10_000);

    public static async Task<List<INodeGrain>> CreateNodesAsync(IClusterClient client, string prefix, IReadOnlyList<KeyPair> miners)
    {
        // Unique per test run: the cluster (and its memory storage) is shared by the whole collection.
        var run = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var nodes = new List<INodeGrain>(miners.Count);
        for (var i = 0; i < miners.Count; i++)
        {
            var node = client.GetGrain<INodeGrain>($"{run}-{i}");
            await node.CreateAsync(new NodeSettings("test", miners[i].Address));
            nodes.Add(node);
        }

        return nodes;
    }

    /// <summary>Each node of a pair follows the other.</summary>
    public static async Task LinkAsync(INodeGrain a, INodeGrain b)
    {
        await a.AddPeerAsync(b.GetPrimaryKeyString());
        await b.AddPeerAsync(a.GetPrimaryKeyString());
    }

    /// <summary>Neither node of a pair follows the other any more.</summary>
    public static async Task UnlinkAsync(INodeGrain a, INodeGrain b)
    {
        Assert.DoesNotContain(b.GetPrimaryKeyString(), await a.RemovePeerAsync(b.GetPrimaryKeyString()));
        Assert.DoesNotContain(a.GetPrimaryKeyString(), await b.RemovePeerAsync(a.GetPrimaryKeyString()));
    }

    public static Transaction Transfer(KeyPair from, Address to, long coins, ulong nonce) =>
        TransactionSigner.Sign(
            Transaction.CreateTransfer(ChainParams.Test.ChainId, from.PublicKey, to, new Amount(coins * Amount.UnitsPerCoin), Fee, nonce),
            from);

    public static Task<NodeStatus[]> StatusesAsync(IEnumerable<INodeGrain> nodes) =>
        Task.WhenAll(nodes.Select(n => n.GetStatusAsync()));

    public static BigInteger Work(NodeStatus status) =>
        BigInteger.Parse(status.CumulativeWork, NumberStyles.None, CultureInfo.InvariantCulture);

    public static string Short(Hash256 hash) => hash.ToString()[..12];

    /// <summary>One line per node: what a failed convergence left it with.</summary>
    public static string Describe(IEnumerable<NodeStatus> statuses)
    {
        var text = new StringBuilder();
        foreach (var s in statuses)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n  {s.Name}: height {s.Height}, tip {Short(s.TipHash)}, work {s.CumulativeWork}, pending {s.PendingTransactions}, ");
            text.Append(CultureInfo.InvariantCulture,
                $"peers [{string.Join(", ", s.Peers)}], banned [{string.Join(", ", s.BannedPeers)}]");
        }

        return text.ToString();
    }

    public static string Describe(ResolveResult r) =>
        $"replaced {r.Replaced} from {r.FromPeer ?? "-"}, +{r.Connected}/-{r.Disconnected}, tip {Short(r.TipHash)} at {r.Height}, " +
        $"errors [{string.Join("; ", r.PeerErrors.Select(e => $"{e.Peer}: {e.Error}{(e.Banned ? " (banned)" : "")}"))}]";

    /// <summary>
    /// Waits until every node stands on <paramref name="expectedWork"/> (nothing more exists once mining stopped, so
    /// a node there never moves again). Gossip alone first; if it does not get there within
    /// <paramref name="gossipBound"/>, each node resolves once (the protocol's fallback) and the wait starts again.
    /// Fails with every node's state if the network still does not agree. Returns the final statuses.
    /// </summary>
    public static async Task<NodeStatus[]> AwaitWorkAsync(IReadOnlyList<INodeGrain> nodes, BigInteger expectedWork,
        ITestOutputHelper log, TimeSpan gossipBound, TimeSpan resolveBound)
    {
        var started = DateTime.UtcNow;
        var reached = await Poll.UntilAsync(() => StatusesAsync(nodes), s => s.All(x => Work(x) == expectedWork), gossipBound);
        if (reached is not null)
        {
            log.WriteLine($"gossip alone brought all {nodes.Count} nodes to work {expectedWork} in {(DateTime.UtcNow - started).TotalMilliseconds:0} ms");
            return reached;
        }

        log.WriteLine($"gossip alone did not bring every node to work {expectedWork} within {gossipBound.TotalSeconds} s:" +
            Describe(await StatusesAsync(nodes)));
        var resolved = await Task.WhenAll(nodes.Select(n => n.ResolveAsync()));
        for (var i = 0; i < nodes.Count; i++) log.WriteLine($"resolve {nodes[i].GetPrimaryKeyString()}: {Describe(resolved[i])}");
        reached = await Poll.UntilAsync(() => StatusesAsync(nodes), s => s.All(x => Work(x) == expectedWork), resolveBound);
        Assert.True(reached is not null,
            $"the nodes did not all reach the most work ({expectedWork}) within {gossipBound.TotalSeconds} s of gossip, nor " +
            $"{resolveBound.TotalSeconds} s after each resolved once; they were left at:{Describe(await StatusesAsync(nodes))}");
        log.WriteLine($"after one resolve each, all nodes reached work {expectedWork}");
        return reached!;
    }

    /// <summary>Waits until every node's tip is <paramref name="tip"/>; fails with every node's state if not.</summary>
    public static async Task<NodeStatus[]> AwaitTipAsync(IReadOnlyList<INodeGrain> nodes, Hash256 tip, TimeSpan bound, string what)
    {
        var reached = await Poll.UntilAsync(() => StatusesAsync(nodes), s => s.All(x => x.TipHash == tip), bound);
        Assert.True(reached is not null,
            $"{what}: not every node reached tip {Short(tip)} within {bound.TotalSeconds} s; they were left at:{Describe(await StatusesAsync(nodes))}");
        return reached!;
    }

    /// <summary>The node's best chain from genesis, read in pages, with each page and each link checked.</summary>
    public static async Task<List<Block>> ChainAsync(INodeGrain node)
    {
        var blocks = new List<Block>();
        long length;
        do
        {
            var page = await node.GetChainAsync(blocks.Count, PageSize);
            length = page.Length;
            Assert.Equal(blocks.Count, page.FromHeight);
            Assert.True(page.Blocks.Length > 0 || blocks.Count >= length,
                $"{node.GetPrimaryKeyString()} served an empty page at height {blocks.Count} of a chain of length {length}");
            blocks.AddRange(page.Blocks);
        }
        while (blocks.Count < length);

        Assert.Equal(length, blocks.Count);
        Assert.Equal(ChainParams.Test.GenesisHeader.ComputeHash(), blocks[0].Hash);
        for (var h = 1; h < blocks.Count; h++)
            Assert.True(blocks[h].Header.PreviousHash == blocks[h - 1].Hash,
                $"{node.GetPrimaryKeyString()}: block {Short(blocks[h].Hash)} at height {h} does not follow {Short(blocks[h - 1].Hash)}");
        return blocks;
    }

    /// <summary>
    /// The coins on <paramref name="chain"/>: every coinbase pays exactly the height's reward plus its block's fees,
    /// every address the chain pays is one of <paramref name="holders"/> (plus the unspendable genesis address), and
    /// on every node the holders' balances add up to what the coinbases paid less the fees in them. A fee is not new
    /// money: the sender's account pays it (with the amount) and the coinbase hands it to the miner, so counting
    /// whole coinbase outputs would count each fee twice. Returns the supply, the sum of the rewards.
    /// </summary>
    public static async Task<Amount> AssertCoinsConservedAsync(IReadOnlyList<INodeGrain> nodes, IReadOnlyList<Block> chain,
        IEnumerable<Address> holders)
    {
        var known = new HashSet<Address>(holders) { Address.Zero };
        long paid = 0, fees = 0;
        for (var h = 0; h < chain.Count; h++)
        {
            var txs = chain[h].Transactions;
            Assert.True(txs.Length > 0 && txs[0].IsCoinbase, $"block {Short(chain[h].Hash)} at height {h} does not start with a coinbase");
            Assert.True(txs.Skip(1).All(t => !t.IsCoinbase), $"block {Short(chain[h].Hash)} at height {h} holds a second coinbase");
            var blockFees = txs.Skip(1).Sum(t => t.Fee.Units);
            var expected = ChainParams.Test.RewardAt(h).Units + blockFees;
            Assert.True(txs[0].Amount.Units == expected,
                $"the coinbase at height {h} pays {txs[0].Amount.Units} units, the reward plus fees are {expected}");
            paid += txs[0].Amount.Units;
            fees += blockFees;
            foreach (var tx in txs)
                Assert.True(known.Contains(tx.Recipient), $"height {h} pays {tx.Recipient}, an address the test does not track");
        }

        var supply = paid - fees;
        foreach (var node in nodes)
        {
            var balances = await Task.WhenAll(known.Select(a => node.GetAccountAsync(a)));
            var held = balances.Sum(b => b.Balance.Units);
            Assert.True(held == supply,
                $"{node.GetPrimaryKeyString()}: the {known.Count} tracked accounts hold {held} units; the chain's coinbases paid {paid}, " +
                $"{fees} of it fees the senders paid, so {supply} exist: " +
                string.Join(", ", balances.Select(b => $"{b.Address}={b.Balance.Units}")));
        }

        return new Amount(supply);
    }

    /// <summary>How many times a transaction is in a chain (a transfer is mined at most once).</summary>
    public static int Occurrences(IReadOnlyList<Block> chain, Hash256 id) =>
        chain.Sum(b => b.Transactions.Count(t => t.Id == id));
}
