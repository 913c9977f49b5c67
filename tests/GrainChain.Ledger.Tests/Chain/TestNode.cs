using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.Chain;

/// <summary>One node's chain state on the test chain, with its own clock, block store and signature verifier.</summary>
internal sealed class TestNode : IDisposable
{
    public TestNode(ChainParams? chain = null, ChainStateOptions? options = null, IBlockStore? store = null)
    {
        Chain = chain ?? ChainParams.Test;
        Clock = new ManualClock(TestBlocks.ClockFor(Chain));
        Store = store ?? new InMemoryBlockStore(Chain);
        Verifier = new SignatureVerifier();
        State = new ChainState(Chain, Store, Verifier, Clock, options);
    }

    public ChainParams Chain { get; }
    public ManualClock Clock { get; }
    public IBlockStore Store { get; }
    public SignatureVerifier Verifier { get; }
    public ChainState State { get; }

    public Block Genesis => State.GetBlockAtHeight(0)!;
    public Block Tip => State.GetBlockAtHeight(State.Height)!;

    public BlockAcceptance Accept(Block block) => State.Accept(block);

    /// <summary>Accepts blocks that must each be accepted (extending or side-branching, never rejected).</summary>
    public void AcceptAll(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            var outcome = State.Accept(block);
            Assert.True(outcome.Kind is not (BlockAcceptanceKind.Invalid or BlockAcceptanceKind.Orphan), outcome.ToString());
        }
    }

    public void Dispose() => Verifier.Dispose();
}
