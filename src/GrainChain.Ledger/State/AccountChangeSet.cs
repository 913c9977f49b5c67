using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.State;

/// <summary>
/// Pending account changes over a base view: reads see the changes first, then the base. It remembers each touched
/// account's prior state, which becomes the undo data when the changes are applied.
/// </summary>
public sealed class AccountChangeSet : IAccountView
{
    private readonly IAccountView _base;
    private readonly Dictionary<Address, (Account Prior, Account Current)> _changes;

    public AccountChangeSet(IAccountView baseView, int capacity = 0)
    {
        _base = baseView ?? throw new ArgumentNullException(nameof(baseView));
        _changes = new Dictionary<Address, (Account, Account)>(capacity);
    }

    /// <summary>The view these changes were computed against.</summary>
    public IAccountView Base => _base;

    public int Count => _changes.Count;

    public Account Get(Address address) =>
        _changes.TryGetValue(address, out var change) ? change.Current : BaseAccount(address);

    public void Set(Address address, Account account)
    {
        if (_changes.TryGetValue(address, out var change))
            _changes[address] = (change.Prior, account);
        else
            _changes[address] = (BaseAccount(address), account);
    }

    public Amount BalanceOf(Address address) => Get(address).Balance;
    public ulong NextNonceOf(Address address) => Get(address).NextNonce;

    // The account stores answer with one lookup where the view's two reads would take two.
    private Account BaseAccount(Address address) => _base switch
    {
        AccountSnapshot snapshot => snapshot.Get(address),
        AccountState state => state.Get(address),
        _ => new Account(_base.BalanceOf(address), _base.NextNonceOf(address)),
    };

    /// <summary>Every touched account with its state before and after.</summary>
    public IEnumerable<(Address Address, Account Prior, Account Current)> Changes
    {
        get
        {
            foreach (var (address, (prior, current)) in _changes) yield return (address, prior, current);
        }
    }
}
