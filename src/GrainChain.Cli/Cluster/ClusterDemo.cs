using System.Diagnostics;
using System.Security.Cryptography;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Orleans;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// The cluster demo as an Orleans client: four nodes in a ring, blocks mined and spread, a signed transfer sent
/// through one node and mined by another, one node cut off so two miners fork, the link healed and resolved, and the
/// converged chain and balances printed as every node sees them.
/// </summary>
internal sealed class ClusterDemo(IClusterClient client, ChainParams rules, TextWriter output, TimeSpan timeout)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly List<DemoNode> _nodes = [];

    /// <summary>Runs the demo with node names starting with <paramref name="prefix"/>; returns 0, or 1 if the nodes did not converge.</summary>
    public async Task<int> RunAsync(string prefix, int blocks, CancellationToken cancellationToken)
    {
        // One wallet per node receives that node's mining rewards; the keys live only in this process.
        using var alice = KeyPair.Generate();
        using var bob = KeyPair.Generate();
        using var carol = KeyPair.Generate();
        using var dave = KeyPair.Generate();
        var wallets = new[] { ("alice", alice), ("bob", bob), ("carol", carol), ("dave", dave) };
        foreach (var (letter, (owner, key)) in new[] { "a", "b", "c", "d" }.Zip(wallets))
        {
            var name = $"{prefix}-{letter}";
            var grain = client.GetGrain<INodeGrain>(name);
            await grain.CreateAsync(new NodeSettings(rules.Name, key.Address));
            _nodes.Add(new DemoNode(letter, name, owner, grain));
        }
        var (a, b, c, d) = (_nodes[0], _nodes[1], _nodes[2], _nodes[3]);
        output.WriteLine($"nodes   {string.Join(", ", _nodes.Select(n => $"{n.Name} (miner {n.Owner})"))} on chain {rules.Name}");
        foreach (var (owner, key) in wallets) output.WriteLine($"wallet  {owner,-6} {key.Address}");

        var ring = new[] { (a, b), (b, c), (c, d), (d, a) };
        foreach (var (x, y) in ring) await LinkAsync(x, y);
        output.WriteLine($"peers   ring {a.Letter} <-> {b.Letter} <-> {c.Letter} <-> {d.Letter} <-> {a.Letter}");

        await MineAsync(a, blocks, cancellationToken);
        if (!await ConvergeAsync("spread", cancellationToken)) return 1;

        var toBob = await SendAsync(c, alice, bob.Address, Amount.FromCoins(10), cancellationToken);
        output.WriteLine($"send    alice -> bob 10 coins through {c.Letter}: txid {toBob}");
        if (!await WaitAsync(async () => (await StatusesAsync()).All(s => s.PendingTransactions >= 1), cancellationToken))
        {
            output.WriteLine("error: the transfer did not reach every node's mempool");
            return 1;
        }
        output.WriteLine("gossip  the transfer is in every node's mempool");

        // Cut a off: without links in either direction, a and b mine on the same tip without seeing each other.
        foreach (var other in new[] { b, d })
        {
            await a.Grain.RemovePeerAsync(other.Name);
            await other.Grain.RemovePeerAsync(a.Name);
        }
        var toCarol = await SendAsync(a, alice, carol.Address, Amount.FromCoins(5), cancellationToken);
        output.WriteLine($"split   {a.Letter} is cut off; alice -> carol 5 coins through {a.Letter} only: txid {toCarol}");

        await Task.WhenAll(MineAsync(a, 2, cancellationToken), MineAsync(b, 3, cancellationToken));
        var (forkA, forkB) = (await a.Grain.GetStatusAsync(), await b.Grain.GetStatusAsync());
        output.WriteLine($"fork    {a.Letter} at height {forkA.Height} ({Short(forkA.TipHash)}), {b.Letter} at height {forkB.Height} ({Short(forkB.TipHash)}), " +
                         $"both on the chain up to height {blocks}");

        foreach (var other in new[] { b, d }) await LinkAsync(a, other);
        var resolved = await a.Grain.ResolveAsync();
        output.WriteLine(resolved.Replaced
            ? $"resolve {a.Letter}: replaced from {resolved.FromPeer}, {resolved.Connected} block(s) joined, {resolved.Disconnected} left; tip height {resolved.Height}"
            : $"resolve {a.Letter}: authoritative, it had already taken the heavier chain when the links came back; tip height {resolved.Height}");
        if (!await ConvergeAsync("resolved", cancellationToken)) return 1;

        // The transfer only a's lost branch held went back to its mempool and was announced again; d mines it.
        if (!await WaitAsync(async () => (await d.Grain.GetStatusAsync()).PendingTransactions >= 1, cancellationToken))
        {
            output.WriteLine($"error: alice -> carol did not come back to {d.Letter}'s mempool after the reorganisation");
            return 1;
        }
        output.WriteLine($"mempool alice -> carol left the chain with {a.Letter}'s branch, is pending again and reached {d.Letter}");
        await MineAsync(d, 1, cancellationToken);
        if (!await ConvergeAsync("mined", cancellationToken)) return 1;

        await PrintChainAsync(b, wallets);
        await PrintBalancesAsync(wallets);
        return 0;
    }

    private static async Task LinkAsync(DemoNode x, DemoNode y)
    {
        await x.Grain.AddPeerAsync(y.Name);
        await y.Grain.AddPeerAsync(x.Name);
    }

    private async Task MineAsync(DemoNode node, int count, CancellationToken cancellationToken)
    {
        var rate = new HashRate();
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            // One block per call, so each answer comes well within the client's response timeout.
            foreach (var block in await node.Grain.MineAsync(1, cancellationToken))
            {
                rate.Add(block.Bits);
                output.WriteLine($"mined   {node.Letter} height {block.Height} {Short(block.Hash)} ({block.Transactions} txs), ~{HashRate.Format(rate.PerSecond(stopwatch.Elapsed))}");
            }
        }
    }

    private async Task<Hash256> SendAsync(DemoNode through, KeyPair sender, Address to, Amount amount, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (transfer, submission) = await WalletTransfer.SendAsync(through.Grain, rules, sender, to, amount, new Amount(10_000));
        if (!submission.Accepted) throw new InvalidOperationException($"{through.Name} refused the transfer: {submission.Reason}: {submission.Message}");
        return transfer.Id;
    }

    private async Task<bool> ConvergeAsync(string step, CancellationToken cancellationToken)
    {
        NodeStatus[] statuses = [];
        var converged = await WaitAsync(async () =>
        {
            statuses = await StatusesAsync();
            return statuses.All(s => s.TipHash == statuses[0].TipHash);
        }, cancellationToken);
        output.WriteLine(converged
            ? $"{step,-7} every node at height {statuses[0].Height}, tip {Short(statuses[0].TipHash)}"
            : $"error: the nodes did not converge within {timeout.TotalSeconds:0} s: " +
              string.Join(", ", _nodes.Zip(statuses, (n, s) => $"{n.Letter} at {s.Height} ({Short(s.TipHash)})")));
        return converged;
    }

    private Task<NodeStatus[]> StatusesAsync() => Task.WhenAll(_nodes.Select(n => n.Grain.GetStatusAsync()));

    // Gossip is asynchronous: the demo waits for what it shows, up to the timeout, rather than sleeping a guess.
    private async Task<bool> WaitAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return true;
            if (deadline.Elapsed > timeout) return false;
            await Task.Delay(Poll, cancellationToken);
        }
    }

    private async Task PrintChainAsync(DemoNode node, (string Owner, KeyPair Key)[] wallets)
    {
        var owners = wallets.ToDictionary(w => w.Key.Address, w => w.Owner);
        output.WriteLine();
        output.WriteLine($"chain of {node.Name} (the same on every node)");
        output.WriteLine("height  hash                                                              txs  miner");
        for (long from = 0; ; )
        {
            var page = await node.Grain.GetChainAsync(from, 500);
            foreach (var block in page.Blocks)
            {
                var miner = from == 0 ? "genesis" : owners.GetValueOrDefault(block.Transactions[0].Recipient, block.Transactions[0].Recipient.ToString());
                output.WriteLine($"{from,6}  {block.Hash}  {block.Transactions.Length,3}  {miner}");
                from++;
            }
            if (page.Blocks.Length == 0 || from >= page.Length) break;
        }
    }

    private async Task PrintBalancesAsync((string Owner, KeyPair Key)[] wallets)
    {
        output.WriteLine();
        output.WriteLine($"balance {"",-6} {"address",-40}  {string.Join("  ", _nodes.Select(n => $"{"on " + n.Letter,14}"))}");
        var total = Amount.Zero;
        foreach (var (owner, key) in wallets)
        {
            var views = await Task.WhenAll(_nodes.Select(n => n.Grain.GetAccountAsync(key.Address)));
            total = new Amount(total.Units + views[0].Balance.Units);
            output.WriteLine($"balance {owner,-6} {key.Address}  {string.Join("  ", views.Select(v => $"{v.Balance,14}"))}");
        }
        var tip = await _nodes[0].Grain.GetStatusAsync();
        output.WriteLine($"total   {total} coins in {tip.Height} mined block(s): rewards, fees paid back to miners, nothing lost");
    }

    private static string Short(Hash256 hash) => hash.ToString()[..16];

    /// <summary>A short random suffix, so each run's nodes start from genesis even in a cluster that keeps earlier runs.</summary>
    public static string NewPrefix() => "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    private sealed record DemoNode(string Letter, string Name, string Owner, INodeGrain Grain);
}
