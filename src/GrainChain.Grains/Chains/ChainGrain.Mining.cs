using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Blocks;
using Microsoft.Extensions.Logging;

namespace GrainChain.Grains.Chains;

/// <summary>
/// Mining: the proof-of-work search runs on the miner's own thread, in a slot of the silo's <c>MiningSlots</c>, while
/// the grain keeps answering; each block found is accepted through a call to the grain itself, so it is persisted and
/// announced in order with every other write.
/// </summary>
public sealed partial class ChainGrain
{
    private const int MaxBlocksPerCall = 1_000;

    // One search per node at a time: blocks of one node are mined one after another on the best tip.
    private readonly SemaphoreSlim _search = new(1, 1);
    private CancellationTokenSource? _continuous;
    private Task? _continuousLoop;
    private long _minedContinuously;

    private bool IsMining => _continuous is { IsCancellationRequested: false };

    public async Task<IReadOnlyList<MinedBlock>> MineAsync(int blocks, CancellationToken cancellationToken = default)
    {
        if (blocks is < 1 or > MaxBlocksPerCall)
            throw new ArgumentOutOfRangeException(nameof(blocks), blocks, $"mine between 1 and {MaxBlocksPerCall} blocks per call");
        Node();
        var self = this.AsReference<IChainGrain>();
        var mined = new List<MinedBlock>(blocks);
        for (var i = 0; i < blocks; i++)
        {
            var block = await SearchAsync(cancellationToken);
            mined.Add(await self.AcceptMinedBlockAsync(block));
        }

        return mined;
    }

    public Task StartMiningAsync()
    {
        Node();
        if (IsMining) return Task.CompletedTask;
        _continuous = new CancellationTokenSource();
        _minedContinuously = 0;
        _continuousLoop = MineContinuouslyAsync(_continuous.Token);
        return Task.CompletedTask;
    }

    public async Task<long> StopMiningAsync()
    {
        Node();
        if (_continuous is null) return 0;
        await _continuous.CancelAsync();
        if (_continuousLoop is { } loop) await loop;
        _continuous.Dispose();
        _continuous = null;
        _continuousLoop = null;
        return _minedContinuously;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The loop's next call to this grain would find it gone; stopping the search is enough.
        _continuous?.Cancel();
        return Task.CompletedTask;
    }

    private async Task MineContinuouslyAsync(CancellationToken cancellationToken)
    {
        var self = this.AsReference<IChainGrain>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var block = await SearchAsync(cancellationToken);
                await self.AcceptMinedBlockAsync(block);
                _minedContinuously++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogMiningStopped(logger, Name, e);
            _continuous?.Cancel();
        }
    }

    /// <summary>
    /// Finds one block on the current tip. The template is built in the grain's turn; the search holds a mining slot
    /// for one slice at most and then starts over on a fresh template (the tip or mempool may have moved meanwhile).
    /// </summary>
    private async Task<Block> SearchAsync(CancellationToken cancellationToken)
    {
        await _search.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var template = Node().CreateTemplate(state.State.Settings!.Miner);
                using var slot = await ledger.Slots.AcquireAsync(cancellationToken);
                using var slice = new CancellationTokenSource(ledger.Slots.Slice, ledger.Clock);
                using var search = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, slice.Token);
                try
                {
                    return await ledger.Miner.MineAsync(template, search.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The slice ran out: let the next miner in.
                }
            }
        }
        finally
        {
            _search.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Node {Node} stopped mining continuously")]
    private static partial void LogMiningStopped(ILogger logger, string node, Exception exception);
}
