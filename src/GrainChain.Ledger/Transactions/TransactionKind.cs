namespace GrainChain.Ledger.Transactions;

/// <summary>The first byte of a transaction's encoding.</summary>
public enum TransactionKind : byte
{
    /// <summary>The first transaction of a block: mints reward plus fees to the miner and carries the height.</summary>
    Coinbase = 0,

    /// <summary>A signed payment from one account to another.</summary>
    Transfer = 1,
}
