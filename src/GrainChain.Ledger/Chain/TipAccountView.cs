using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;

namespace GrainChain.Ledger.Chain;

/// <summary>
/// The accounts at a node's current tip, read afresh on every call: one stable object that holders (the mempool)
/// keep while the tip moves underneath.
/// </summary>
internal sealed class TipAccountView(ChainState state) : IAccountView
{
    public Amount BalanceOf(Address address) => state.TipAccounts.BalanceOf(address);

    public ulong NextNonceOf(Address address) => state.TipAccounts.NextNonceOf(address);
}
