using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.State;

/// <summary>One account's state: its balance and the nonce its next transfer must carry.</summary>
public readonly record struct Account(Amount Balance, ulong NextNonce)
{
    /// <summary>The state of an account nothing has touched; such accounts are not stored.</summary>
    public static Account Empty => default;

    public bool IsEmpty => Balance.Units == 0 && NextNonce == 0;
}
