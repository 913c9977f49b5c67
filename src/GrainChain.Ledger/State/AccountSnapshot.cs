using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.State;

/// <summary>
/// Balances and nonces after one block, immutable: the state after a child shares every account the child did not
/// touch with this one, so a whole chain of states costs little more than the changes. Only non-empty accounts are
/// stored. Thread-safe.
/// </summary>
public sealed class AccountSnapshot : IAccountView
{
    private AccountSnapshot(ImmutableDictionary<Address, Account> accounts) => Accounts = accounts;

    /// <summary>The state before the genesis block: no accounts.</summary>
    public static AccountSnapshot Empty { get; } = new(ImmutableDictionary<Address, Account>.Empty);

    /// <summary>Every non-empty account.</summary>
    public ImmutableDictionary<Address, Account> Accounts { get; }

    public int Count => Accounts.Count;

    public Account Get(Address address) => Accounts.GetValueOrDefault(address);

    public Amount BalanceOf(Address address) => Get(address).Balance;

    public ulong NextNonceOf(Address address) => Get(address).NextNonce;

    /// <summary>
    /// Validates <paramref name="block"/> at <paramref name="height"/> against this state; on success
    /// <paramref name="after"/> is the state with the block applied (this one is unchanged either way).
    /// </summary>
    public BlockValidationResult TryApply(Block block, long height, ChainParams chain, out AccountSnapshot? after)
    {
        var verdict = StateBlockValidator.Validate(block, height, this, chain, out var changes);
        after = verdict.IsValid ? With(changes!) : null;
        return verdict;
    }

    private AccountSnapshot With(AccountChangeSet changes)
    {
        var builder = Accounts.ToBuilder();
        foreach (var (address, _, current) in changes.Changes)
        {
            if (current.IsEmpty) builder.Remove(address);
            else builder[address] = current;
        }
        return new AccountSnapshot(builder.ToImmutable());
    }
}
