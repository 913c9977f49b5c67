using System.Collections.Immutable;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.State;

/// <summary>What disconnecting a block needs: the prior state of every account the block touched.</summary>
public sealed record BlockUndo(Hash256 BlockHash, ImmutableArray<AccountPrior> Priors);

/// <summary>An account's state before a block changed it (<see cref="Account.Empty"/> if it did not exist).</summary>
public readonly record struct AccountPrior(Address Address, Account Prior);
