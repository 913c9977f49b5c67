using System.CommandLine;
using System.Globalization;
using System.Threading.Channels;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using GrainChain.Ledger.Primitives;
using Orleans.Streams;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// <c>grainchain watch</c>: the nodes' current tips, then one line per new tip as nodes accept blocks, until Ctrl-C
/// (or <c>--count</c> tips). Every node is watched through one subscription to the cluster-wide all-nodes stream,
/// however many nodes there are; <c>--node</c> follows one node's own announcement stream instead.
/// </summary>
internal static class WatchCommand
{
    /// <summary>Current tips shown before watching; a big cluster's others are left to <c>node list</c>.</summary>
    public const int ShownNodes = 50;

    public static Command Create(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var node = new Option<string?>("--node") { Description = "Watch only this node (default: every node)." };
        node.Validators.Add(result =>
        {
            if (NodeNames.Problem(result.GetValueOrDefault<string?>()) is { } problem) result.AddError("--node: " + problem);
        });
        var count = new Option<int?>("--count") { Description = "Exit after this many new tips (default: run until Ctrl-C)." };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1) result.AddError("--count must be at least 1");
        });
        var watch = connection.Attach(new Command("watch", "Print the nodes' current tips, then every new tip as it comes, until Ctrl-C.") { node, count });
        watch.SetAction((parse, cancellationToken) => connection.RunAsync(parse,
            (client, token) => new TipWatch(client, output, parse.GetValue(node), parse.GetValue(count)).RunAsync(token),
            cancellationToken));
        return watch;
    }
}

/// <summary>One run of <c>watch</c>: a stream subscription feeding a bounded queue, printed by the command's own flow.</summary>
internal sealed class TipWatch
{
    // Tips waiting to be printed. The stream's delivery never waits on the console: when output cannot keep up (a
    // paused pipe), new tips are counted as skipped instead of holding the silo's delivery to this client.
    private const int QueueCapacity = 4_096;

    // How long leaving may take: System.CommandLine gives an interrupted command two seconds in all.
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(1);

    private readonly IClusterClient _client;
    private readonly TextWriter _output;
    private readonly string? _node;
    private readonly int? _count;
    private readonly Channel<WatchedTip> _tips;
    private int _skipped;

    /// <summary>A tip to print; <see cref="Transactions"/> is unknown for a node's own announcements.</summary>
    private sealed record WatchedTip(string Node, Hash256 Hash, long Height, int? Transactions, int Disconnected);

    public TipWatch(IClusterClient client, TextWriter output, string? node, int? count)
    {
        _client = client;
        _output = output;
        _node = node;
        _count = count;
        _tips = Channel.CreateBounded<WatchedTip>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true },
            _ => Interlocked.Increment(ref _skipped));
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Checked first, so an unknown node is an error (exit 1) before anything is subscribed.
        var status = _node is null ? null : await _client.GetGrain<INodeGrain>(_node).GetStatusAsync();
        var provider = _client.GetStreamProvider(NodeStreams.ProviderName);
        var events = _client.GetStreamProvider(NodeStreams.EventsProviderName);
        // Subscribed before the current tips are read, so no tip falls between the two.
        Func<Task> unsubscribe;
        if (status is null)
        {
            var all = events.GetStream<NodeTipEvent>(NodeStreamIds.AllNodes);
            unsubscribe = (await all.SubscribeAsync(OnTipAsync)).UnsubscribeAsync;
        }
        else
        {
            var one = provider.GetStream<NodeAnnouncement>(NodeStreamIds.Of(status.Name));
            unsubscribe = (await one.SubscribeAsync(FollowAnnouncements(status.TipHash))).UnsubscribeAsync;
        }

        try
        {
            await ShowCurrentAsync(status);
            _output.WriteLine($"watching new tips of {(_node is null ? "every node" : $"node {_node}")} (Ctrl-C to stop)");
            await PrintAsync(cancellationToken);
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a watch ends.
            return 0;
        }
        finally
        {
            await LeaveAsync(unsubscribe);
        }
    }

    private Task OnTipAsync(NodeTipEvent tip, StreamSequenceToken? token)
    {
        _tips.Writer.TryWrite(new WatchedTip(tip.Node, tip.TipHash, tip.Height, tip.Transactions, tip.Disconnected));
        return Task.CompletedTask;
    }

    /// <summary>A node's announcements carry its tip with each inventory of transactions: only a changed tip is new.</summary>
    private Func<NodeAnnouncement, StreamSequenceToken?, Task> FollowAnnouncements(Hash256 current)
    {
        var last = current;
        return (announcement, _) =>
        {
            if (announcement.TipHash != last)
                _tips.Writer.TryWrite(new WatchedTip(announcement.Node, announcement.TipHash, announcement.Height, null, 0));
            last = announcement.TipHash;
            return Task.CompletedTask;
        };
    }

    private async Task ShowCurrentAsync(NodeStatus? status)
    {
        IReadOnlyList<NodeStatus> statuses;
        if (status is not null)
        {
            statuses = [status];
            _output.WriteLine($"current tip of node {status.Name}:");
        }
        else
        {
            var page = await _client.GetGrain<INodeRegistryGrain>(0).ListAsync(0, WatchCommand.ShownNodes);
            statuses = await Task.WhenAll(page.Names.Select(n => _client.GetGrain<INodeGrain>(n).GetStatusAsync()));
            _output.WriteLine(page.Total <= page.Names.Count
                ? $"current tips of {page.Total} node(s):"
                : $"current tips of the first {page.Names.Count} of {page.Total} nodes (grainchain node list shows them all):");
        }

        foreach (var s in statuses) _output.WriteLine($"{Now()}  {s.Name}  height {s.Height}  {s.TipHash}  current");
    }

    private async Task PrintAsync(CancellationToken cancellationToken)
    {
        var printed = 0;
        var reported = 0;
        await foreach (var tip in _tips.Reader.ReadAllAsync(cancellationToken))
        {
            var skipped = Volatile.Read(ref _skipped);
            if (skipped != reported)
            {
                _output.WriteLine($"{Now()}  ({skipped - reported} tip(s) skipped: the output did not keep up)");
                reported = skipped;
            }

            var transactions = tip.Transactions ?? await TransactionsInAsync(tip);
            var reorganised = tip.Disconnected > 0 ? $"  reorganised, {tip.Disconnected} block(s) left the best chain" : "";
            _output.WriteLine($"{Now()}  {tip.Node}  height {tip.Height}  {tip.Hash}  {(transactions is { } n ? n.ToString(CultureInfo.InvariantCulture) : "?")} txs{reorganised}");
            if (++printed == _count) return;
        }
    }

    // A node's announcement does not count the tip's transactions: ask the node for the block (one node, one call a tip).
    private async Task<int?> TransactionsInAsync(WatchedTip tip) =>
        (await _client.GetGrain<INodeGrain>(tip.Node).GetBlockAsync(tip.Hash))?.Transactions.Length;

    private static async Task LeaveAsync(Func<Task> unsubscribe)
    {
        try
        {
            await unsubscribe().WaitAsync(UnsubscribeTimeout);
        }
        catch (Exception)
        {
            // Leaving anyway: the cluster is unreachable or stopping, and nothing more is printed.
        }
    }

    private static string Now() => DateTimeOffset.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
