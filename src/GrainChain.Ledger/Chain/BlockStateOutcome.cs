using GrainChain.Ledger.State;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.Chain;

/// <summary>What connecting a block to its parent's accounts gave: the accounts after it, or why it cannot connect.</summary>
internal sealed record BlockStateOutcome(BlockValidationResult Verdict, AccountSnapshot? Accounts)
{
    public bool IsValid => Accounts is not null;
}
