using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Validation;

/// <summary>
/// Runs every validation layer in order (decode, context-free, contextual, state) for a block whose parent's branch
/// and account state are at hand; the block tree runs the same layers one at a time as a block's context arrives.
/// </summary>
public sealed class BlockValidator
{
    private readonly ChainParams _chain;

    public BlockValidator(ChainParams chain, SignatureVerifier signatures, TimeProvider clock)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        ContextFree = new ContextFreeBlockValidator(chain, signatures);
        Contextual = new ContextualBlockValidator(chain, clock);
    }

    public ContextFreeBlockValidator ContextFree { get; }
    public ContextualBlockValidator Contextual { get; }

    /// <summary>
    /// Validates <paramref name="block"/> as the child of <paramref name="parent"/>, against
    /// <paramref name="accounts"/> at the parent. On success <paramref name="changes"/> holds its effect.
    /// </summary>
    public BlockValidationResult Validate(
        Block block, in BlockHeader parent, long parentHeight, Func<long, BlockHeader> ancestorAt,
        IAccountView accounts, out AccountChangeSet? changes)
    {
        ArgumentNullException.ThrowIfNull(block);
        changes = null;
        if (block.Header.PreviousHash != parent.ComputeHash())
            return BlockValidationResult.Reject(BlockRejectReason.UnknownParent,
                $"the block builds on {block.Header.PreviousHash}, not on the given parent");
        var result = ContextFree.Validate(block);
        if (!result.IsValid) return result;
        result = Contextual.Validate(block, parent, parentHeight, ancestorAt);
        if (!result.IsValid) return result;
        return StateBlockValidator.Validate(block, parentHeight + 1, accounts, _chain, out changes);
    }

    /// <summary>As <see cref="Validate(Block, in BlockHeader, long, Func{long, BlockHeader}, IAccountView, out AccountChangeSet?)"/>, from untrusted bytes.</summary>
    public BlockValidationResult Validate(
        ReadOnlySpan<byte> bytes, in BlockHeader parent, long parentHeight, Func<long, BlockHeader> ancestorAt,
        IAccountView accounts, out Block? block, out AccountChangeSet? changes)
    {
        changes = null;
        var result = BlockDecoder.TryDecode(bytes, _chain, out block);
        if (!result.IsValid) return result;
        return Validate(block!, parent, parentHeight, ancestorAt, accounts, out changes);
    }
}
