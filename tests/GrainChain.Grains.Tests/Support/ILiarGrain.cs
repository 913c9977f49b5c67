using GrainChain.Ledger.Blocks;

namespace GrainChain.Grains.Tests.Support;

/// <summary>Test control of a lying peer: the block it will serve, whatever it is asked.</summary>
public interface ILiarGrain : IGrainWithStringKey
{
    Task ServeAsync(Block block);
}
