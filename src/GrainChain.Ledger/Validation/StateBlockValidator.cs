using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;

namespace GrainChain.Ledger.Validation;

/// <summary>
/// The last validation layer: replays a block's transfers against the accounts at its parent. Nonces must follow
/// each sender's sequence exactly, balances must cover amount plus fee, and the coinbase may mint at most the
/// reward plus the block's fees. The block must already have passed the context-free layer.
/// </summary>
public static class StateBlockValidator
{
    /// <summary>
    /// Computes the block's effect on <paramref name="accounts"/> without changing them. On success
    /// <paramref name="changes"/> holds the new state of every touched account; on failure it is null.
    /// </summary>
    public static BlockValidationResult Validate(
        Block block, long height, IAccountView accounts, ChainParams chain, out AccountChangeSet? changes)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(chain);
        changes = null;
        var transactions = block.Transactions;
        var pending = new AccountChangeSet(accounts, transactions.Length * 2);
        // The first nonce each sender used in this block tells a reuse within the block from a replay of an older one.
        Dictionary<Address, ulong>? firstNonceInBlock = null;
        long fees = 0;

        for (var i = 1; i < transactions.Length; i++)
        {
            var tx = transactions[i];
            var senderAddress = tx.SenderAddress;
            var sender = pending.Get(senderAddress);
            if (tx.Nonce != sender.NextNonce)
            {
                firstNonceInBlock ??= FirstNonces(transactions, i);
                if (tx.Nonce > sender.NextNonce)
                    return BlockValidationResult.Reject(BlockRejectReason.NonceGap,
                        $"transaction {i} ({tx.Id}) has nonce {tx.Nonce}, sender {senderAddress} is at {sender.NextNonce}");
                var reusedHere = firstNonceInBlock.TryGetValue(senderAddress, out var first) && tx.Nonce >= first;
                return BlockValidationResult.Reject(
                    reusedHere ? BlockRejectReason.NonceReusedInBlock : BlockRejectReason.NonceReplayed,
                    $"transaction {i} ({tx.Id}) has nonce {tx.Nonce}, already used by sender {senderAddress}" +
                    (reusedHere ? " earlier in this block" : ""));
            }
            if (sender.NextNonce == ulong.MaxValue)
                return BlockValidationResult.Reject(BlockRejectReason.ArithmeticOverflow,
                    $"transaction {i} ({tx.Id}) exhausts the nonces of sender {senderAddress}");

            // Both are at most the supply cap, so the sum fits a long.
            var cost = tx.Amount.Units + tx.Fee.Units;
            if (cost > sender.Balance.Units)
                return BlockValidationResult.Reject(BlockRejectReason.InsufficientBalance,
                    $"transaction {i} ({tx.Id}) spends {new Amount(Math.Min(cost, Amount.MaxUnits))} plus fee, " +
                    $"sender {senderAddress} has {sender.Balance}");
            pending.Set(senderAddress, new Account(new Amount(sender.Balance.Units - cost), sender.NextNonce + 1));

            var recipient = pending.Get(tx.Recipient);
            if (!TryAdd(recipient.Balance, tx.Amount, out var credited))
                return BlockValidationResult.Reject(BlockRejectReason.ArithmeticOverflow,
                    $"transaction {i} ({tx.Id}) would push the balance of {tx.Recipient} past the supply cap");
            pending.Set(tx.Recipient, recipient with { Balance = credited });

            fees += tx.Fee.Units;
            if (fees > Amount.MaxUnits)
                return BlockValidationResult.Reject(BlockRejectReason.ArithmeticOverflow,
                    $"the fees up to transaction {i} exceed the supply cap");
        }

        var coinbase = transactions[0];
        var allowed = chain.RewardAt(height).Units + fees;
        if (coinbase.Amount.Units > allowed)
            return BlockValidationResult.Reject(BlockRejectReason.CoinbaseOverpays,
                $"the coinbase pays {coinbase.Amount}, reward plus fees at height {height} is {new Amount(Math.Min(allowed, Amount.MaxUnits))}");
        // The miner's output is credited last, so it can be spent from the next block on.
        var miner = pending.Get(coinbase.Recipient);
        if (!TryAdd(miner.Balance, coinbase.Amount, out var paid))
            return BlockValidationResult.Reject(BlockRejectReason.ArithmeticOverflow,
                $"the coinbase would push the balance of {coinbase.Recipient} past the supply cap");
        pending.Set(coinbase.Recipient, miner with { Balance = paid });

        changes = pending;
        return BlockValidationResult.Valid;
    }

    private static bool TryAdd(Amount a, Amount b, out Amount sum)
    {
        var units = a.Units + b.Units; // both at most the cap: no long overflow
        sum = Amount.IsValid(units) ? new Amount(units) : default;
        return Amount.IsValid(units);
    }

    private static Dictionary<Address, ulong> FirstNonces(System.Collections.Immutable.ImmutableArray<Transactions.Transaction> transactions, int before)
    {
        var first = new Dictionary<Address, ulong>();
        for (var i = 1; i < before; i++) first.TryAdd(transactions[i].SenderAddress, transactions[i].Nonce);
        return first;
    }
}
