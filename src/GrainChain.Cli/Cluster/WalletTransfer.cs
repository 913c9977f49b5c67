using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// A transfer as the console sends it: signed here, with the sender's key and the nonce that follows its transfers
/// already pending on the node, then offered to the node. The key never leaves this process.
/// </summary>
internal static class WalletTransfer
{
    public static async Task<(Transaction Transfer, TransactionSubmission Submission)> SendAsync(
        INodeGrain node, ChainParams rules, KeyPair sender, Address to, Amount amount, Amount fee)
    {
        var account = await node.GetAccountAsync(sender.Address);
        var transfer = TransactionSigner.Sign(
            Transaction.CreateTransfer(rules.ChainId, sender.PublicKey, to, amount, fee, account.PendingNonce), sender);
        return (transfer, await node.SubmitTransactionAsync(transfer));
    }
}
