using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Ledger.Blocks;
using Microsoft.Extensions.Logging;

namespace GrainChain.Grains.Chains;

// Publishing a tip move on the all-nodes stream, for those who watch the whole cluster (the gateway's /events,
// `grainchain watch`): one event per move of the best chain, none per transaction.
public sealed partial class ChainGrain
{
    /// <summary>
    /// Publishes the current tip on the all-nodes stream. <paramref name="connected"/> are the blocks that joined the
    /// best chain, lowest first; its last is normally the tip, whose transactions are counted.
    /// </summary>
    private async Task PublishTipAsync(IReadOnlyList<Block> connected, int disconnected)
    {
        var node = Node();
        var tip = node.State.Tip;
        Block? block = connected.Count > 0 && connected[^1].Hash == tip.Hash ? connected[^1] : null;
        if (block is null && node.State.TryGetBlock(tip.Hash, out var stored)) block = stored;
        var tipEvent = new NodeTipEvent(Name, tip.Hash, tip.Height, Work(tip), block?.Transactions.Length ?? 0, connected.Count, disconnected);
        try
        {
            await this.AllNodeTips().OnNextAsync(tipEvent);
        }
        catch (Exception e)
        {
            // Watchers only: the move is persisted and announced to the node's peers, so it is not undone for them.
            LogTipNotPublished(logger, Name, tip.Height, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} could not publish its tip at height {Height} on the all-nodes stream")]
    private static partial void LogTipNotPublished(ILogger logger, string node, long height, Exception exception);
}
