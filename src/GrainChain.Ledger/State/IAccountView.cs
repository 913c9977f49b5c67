using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.State;

/// <summary>Read access to account balances and nonces at some chain tip.</summary>
public interface IAccountView
{
    /// <summary>The spendable balance of <paramref name="address"/>; zero for an unknown account.</summary>
    Amount BalanceOf(Address address);

    /// <summary>The nonce the account's next transfer must carry; zero for an unknown account.</summary>
    ulong NextNonceOf(Address address);
}
