using System.Collections.Immutable;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Validation;

namespace GrainChain.Ledger.State;

/// <summary>
/// Balances and nonces at one chain tip. Only non-empty accounts are stored, so a state is fully described by its
/// dictionary and two states are equal exactly when their stored accounts are. Not thread-safe: one owner mutates it.
/// </summary>
public sealed class AccountState : IAccountView
{
    private readonly Dictionary<Address, Account> _accounts = new();

    public int Count => _accounts.Count;

    public Account Get(Address address) => _accounts.GetValueOrDefault(address);

    public Amount BalanceOf(Address address) => Get(address).Balance;

    public ulong NextNonceOf(Address address) => Get(address).NextNonce;

    /// <summary>Every non-empty account.</summary>
    public IEnumerable<KeyValuePair<Address, Account>> Accounts => _accounts;

    /// <summary>A copy of every non-empty account, for comparisons and persistence.</summary>
    public ImmutableDictionary<Address, Account> ToImmutable() => _accounts.ToImmutableDictionary();

    /// <summary>The sum of all balances, in base units (a long cannot overflow: each balance is at most the supply cap).</summary>
    public decimal TotalUnits()
    {
        decimal total = 0;
        foreach (var account in _accounts.Values) total += account.Balance.Units;
        return total;
    }

    /// <summary>
    /// Validates <paramref name="block"/> at <paramref name="height"/> against this state and, if it passes, applies it.
    /// On failure nothing changes and <paramref name="undo"/> is null.
    /// </summary>
    public BlockValidationResult TryConnect(Block block, long height, ChainParams chain, out BlockUndo? undo)
    {
        var result = StateBlockValidator.Validate(block, height, this, chain, out var changes);
        undo = result.IsValid ? Apply(changes!, block.Hash) : null;
        return result;
    }

    /// <summary>Writes changes computed against this state and returns what undoes them.</summary>
    public BlockUndo Apply(AccountChangeSet changes, Hash256 blockHash)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!ReferenceEquals(changes.Base, this))
            throw new ArgumentException("the changes were computed against another view", nameof(changes));
        var priors = ImmutableArray.CreateBuilder<AccountPrior>(changes.Count);
        // Checked in full before anything is written, so a stale change set leaves the state untouched.
        foreach (var (address, prior, _) in changes.Changes)
        {
            if (Get(address) != prior)
                throw new InvalidOperationException($"account {address} changed after the change set was computed");
            priors.Add(new AccountPrior(address, prior));
        }
        foreach (var (address, _, current) in changes.Changes) Put(address, current);
        return new BlockUndo(blockHash, priors.MoveToImmutable());
    }

    /// <summary>Restores every account a block touched to its state before the block.</summary>
    public void Revert(BlockUndo undo)
    {
        ArgumentNullException.ThrowIfNull(undo);
        foreach (var (address, prior) in undo.Priors) Put(address, prior);
    }

    private void Put(Address address, Account account)
    {
        if (account.IsEmpty) _accounts.Remove(address);
        else _accounts[address] = account;
    }
}
