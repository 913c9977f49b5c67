using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.TransactionPool;

/// <summary>
/// A tip's accounts kept in dictionaries, standing in for ledger-chain's account state. It can apply a block with
/// the account rules (sequential nonces, funded transfers) so tests can check a template against it.
/// </summary>
internal sealed class DictionaryAccountView : IAccountView
{
    private readonly Dictionary<Address, long> _balances = [];
    private readonly Dictionary<Address, ulong> _nonces = [];

    public Amount BalanceOf(Address address) => new(_balances.GetValueOrDefault(address));

    public ulong NextNonceOf(Address address) => _nonces.GetValueOrDefault(address);

    public DictionaryAccountView With(Address address, long balance, ulong nextNonce = 0)
    {
        _balances[address] = balance;
        _nonces[address] = nextNonce;
        return this;
    }

    public DictionaryAccountView Clone()
    {
        var copy = new DictionaryAccountView();
        foreach (var (a, b) in _balances) copy._balances[a] = b;
        foreach (var (a, n) in _nonces) copy._nonces[a] = n;
        return copy;
    }

    /// <summary>Applies the block's transactions in order; returns null or the first rule a transaction breaks.</summary>
    public string? TryApply(IEnumerable<Transaction> transactions)
    {
        var index = 0;
        foreach (var tx in transactions)
        {
            if (tx.IsCoinbase)
            {
                _balances[tx.Recipient] = _balances.GetValueOrDefault(tx.Recipient) + tx.Amount.Units;
            }
            else
            {
                var sender = tx.SenderAddress;
                var nonce = NextNonceOf(sender);
                if (tx.Nonce != nonce) return $"transaction {index}: nonce {tx.Nonce}, expected {nonce}";
                var cost = tx.Amount.Units + tx.Fee.Units;
                var balance = _balances.GetValueOrDefault(sender);
                if (cost > balance) return $"transaction {index}: costs {cost}, balance {balance}";
                _balances[sender] = balance - cost;
                _nonces[sender] = nonce + 1;
                _balances[tx.Recipient] = _balances.GetValueOrDefault(tx.Recipient) + tx.Amount.Units;
            }
            index++;
        }
        return null;
    }

    public void Apply(Block block)
    {
        if (TryApply(block.Transactions) is { } error) throw new InvalidOperationException(error);
    }
}
