using GrainChain.Ledger.Chain;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

public sealed partial class Mempool
{
    /// <summary>
    /// Follows what accepting a block did to the best chain: a plain extension removes the connected blocks'
    /// transfers sender by sender; a reorganisation re-admits the returned transfers and re-checks everything
    /// against <paramref name="newTip"/> (the chain's accounts after the acceptance). Returns the transfers that
    /// were dropped or could not be re-admitted; nothing changes when the tip did not move.
    /// </summary>
    public IReadOnlyList<Transaction> OnChainChanged(BlockAcceptance acceptance, IAccountView newTip)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        ArgumentNullException.ThrowIfNull(newTip);
        if (!acceptance.TipChanged) return [];
        if (acceptance.Disconnected.IsEmpty)
        {
            var dropped = new List<Transaction>();
            foreach (var block in acceptance.Connected) dropped.AddRange(OnBlockConnected(block, newTip));
            return dropped;
        }
        return ReAdmit(acceptance.ReturnedTransactions, newTip);
    }
}
